import { useRef, type KeyboardEvent } from 'react'
import { useElementWidth } from '../../ui/use-element-width'
import { formatSeconds } from './analysis-view'
import { scrubber } from './scrub'
import { rulerTicks } from './time-ruler'

/**
 * The time ruler over the lanes, a slider of the player's time: ticks and labels spaced for its width,
 * the playhead, pressing or dragging seeks; arrows step by a minor tick, Page keys by a label, Home/End.
 */
export function TimeRuler(props: { name: string; span: number; time: number; onSeek(seconds: number): void }) {
  const { name, span, time, onSeek } = props
  const box = useRef<HTMLDivElement>(null)
  const width = useElementWidth(box)
  const { ticks, step, minor } = rulerTicks(span, width)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const to = {
      ArrowLeft: time - minor,
      ArrowDown: time - minor,
      ArrowRight: time + minor,
      ArrowUp: time + minor,
      PageDown: time - step,
      PageUp: time + step,
      Home: 0,
      End: span,
    }[event.key]
    if (to === undefined) return
    // Handled here: the asset page's own arrows (previous and next asset) must not also act.
    event.preventDefault()
    onSeek(Math.min(span, Math.max(0, to)))
  }
  const now = Math.min(span, Math.max(0, time))
  return (
    <div
      ref={box}
      className="time-ruler"
      role="slider"
      tabIndex={0}
      aria-label={name}
      aria-valuemin={0}
      aria-valuemax={Number(span.toFixed(2))}
      aria-valuenow={Number(now.toFixed(2))}
      aria-valuetext={`${formatSeconds(now)} of ${formatSeconds(span)}`}
      onKeyDown={onKeyDown}
      onPointerDown={scrubber(span, onSeek, true)}
    >
      {ticks.map((tick) => (
        <span
          key={tick.time}
          className={tick.label === null ? 'ruler-tick' : 'ruler-tick major'}
          style={{ left: `${(tick.time / span) * 100}%` }}
        >
          {tick.label !== null && <span className={`ruler-label ${tick.align}`}>{tick.label}</span>}
        </span>
      ))}
      <span className="playhead" aria-hidden="true" />
    </div>
  )
}
