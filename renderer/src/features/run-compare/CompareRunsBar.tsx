import { useId } from 'react'
import { useAppStore } from '../../app/use-app-store'
import { COMPARE_MAX, COMPARE_MIN } from './run-compare-url'

/**
 * "Compare (n)" for the runs picked in a runs table, enabled for 2 to 8; `order` is the table's (newest
 * first), and the comparison reads oldest to newest, left to right.
 */
export function CompareRunsBar({
  picked,
  order,
  onClear,
}: {
  picked: readonly string[]
  order: readonly string[]
  onClear: () => void
}) {
  const applyRoute = useAppStore((s) => s.applyRoute)
  const hintId = useId()
  const count = picked.length
  const ready = count >= COMPARE_MIN && count <= COMPARE_MAX
  const hint =
    count > COMPARE_MAX
      ? `Compare takes at most ${COMPARE_MAX} runs.`
      : count < COMPARE_MIN
        ? `Select ${COMPARE_MIN} to ${COMPARE_MAX} runs to compare them.`
        : ''
  const compare = () => {
    const ids = [...order.filter((id) => picked.includes(id)).reverse(), ...picked.filter((id) => !order.includes(id))]
    applyRoute({ view: 'run-compare', assetId: null, compareRuns: ids })
  }
  return (
    <div className="rc-compare-bar">
      <button type="button" disabled={!ready} aria-describedby={hintId} onClick={compare}>
        Compare ({count})
      </button>
      <span id={hintId} className="muted" role="status">
        {hint}
      </span>
      {count > 0 && (
        <button type="button" className="rc-link" onClick={onClear}>
          Clear selection
        </button>
      )}
    </div>
  )
}
