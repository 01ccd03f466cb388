import { useMemo } from 'react'
import type { CheckpointNode } from '../../../../shared/contract'
import { CompareTableFrame } from './CompareTableFrame'
import { detectionRows } from './detection-diff'
import { clock, type Detection } from './stage-outputs'

/**
 * What each checkpoint found, side by side by time: one row per term over a stretch of time, one column per
 * checkpoint with its span, "found here, not there" where another checkpoint did not see it.
 */
export function CompareDetections({
  nodes,
  detections,
  onPick,
}: {
  nodes: readonly CheckpointNode[]
  /** Per checkpoint: its detections, null without a match output, undefined while it loads. */
  detections: readonly (Detection[] | null | undefined)[]
  /** Shows the frames at a time. */
  onPick(seconds: number): void
}) {
  const rows = useMemo(() => detectionRows(detections), [detections])
  const loading = nodes.some((_, index) => detections[index] === undefined)
  if (rows.length === 0) {
    return (
      <p className="muted">
        {loading ? 'Loading…' : 'None of these checkpoints found a term (or none of them ran the match stage).'}
      </p>
    )
  }
  return (
    <CompareTableFrame
      label="Detections compared"
      corner="Term"
      nodes={nodes}
      note={(index) => detections[index] === null && <span className="muted"> (no match stage)</span>}
    >
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.term}\n${row.start}`} className={row.onlyHere.some(Boolean) ? 'pl-differs' : undefined}>
            <th scope="row">
              {row.term}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Show the frames at ${clock(row.start)}`}
                onClick={() => onPick(row.start)}
              >
                at {clock(row.start)}
              </button>
            </th>
            {row.cells.map((cell, index) => (
              <td key={nodes[index].id} className="pl-value">
                {cell ? (
                  <>
                    {clock(cell.first_seen)}–{clock(cell.last_seen)}
                    {row.onlyHere[index] && <span className="pl-only">found here, not there</span>}
                  </>
                ) : (
                  <span className="muted">not found</span>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </CompareTableFrame>
  )
}
