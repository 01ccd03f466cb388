import { memo, useRef, type KeyboardEvent } from 'react'
import type { AnalysisEvent } from '../../../../shared/analysis-diff'
import { plural } from '../../format'
import { formatSeconds, labelColour, type Range } from './analysis-view'
import { scrubber } from './scrub'

/** One analysis as a lane: its name, and its ranges placed over `span` seconds. */
export interface LaneProps {
  name: string
  /** The tooltip of the name: the label again, with the config hash. */
  title: string
  stale: boolean
  ranges: Range[]
  span: number
  onSeek(seconds: number): void
  /** Events to point out (what the other side of a comparison did not find). */
  marks?: AnalysisEvent[]
  /** What the lane says when it has no ranges: what the analysis measured instead (a loudness), else "nothing found". */
  empty?: string
  /** One colour for every range (a subtitle track's cues); by default each range's label picks its colour. */
  colour?: string
}

/**
 * A lane: each range a button coloured by label, placed by its start and end; a click seeks to its start,
 * a press on the lane's background seeks there, and a drag anywhere scrubs. One tab stop; arrows walk the
 * ranges (a long film has hundreds of shots).
 */
export const AnalysisLane = memo(function AnalysisLane({
  name,
  title,
  stale,
  ranges,
  span,
  onSeek,
  marks,
  empty = 'nothing found',
  colour,
}: LaneProps) {
  const track = useRef<HTMLDivElement>(null)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[event.key]
    if (step === undefined || !track.current) return
    const buttons = [...track.current.querySelectorAll<HTMLButtonElement>('button')]
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + step))]
    if (!next) return
    event.preventDefault()
    event.stopPropagation()
    buttons.forEach((button) => (button.tabIndex = button === next ? 0 : -1))
    next.focus()
  }
  const at = (seconds: number) => `${(seconds / span) * 100}%`
  return (
    <div className={stale ? 'timeline-lane stale' : 'timeline-lane'}>
      <span className="lane-name" title={title}>
        {name}
      </span>
      <div
        ref={track}
        className="lane-track"
        role="group"
        aria-label={`${name}: ${plural(ranges.length, 'range', 'ranges')}${stale ? ', stale' : ''}`}
        onKeyDown={onKeyDown}
        onPointerDown={scrubber(span, onSeek)}
      >
        {ranges.length === 0 && (
          <span className="lane-empty" title={empty}>
            {empty}
          </span>
        )}
        {stale && (
          <span className="stale-tag lane-stale" title="The file changed since this ran">
            stale
          </span>
        )}
        {ranges.map((range, index) => (
          <button
            key={`${range.start}-${index}`}
            type="button"
            className="lane-range"
            tabIndex={index === 0 ? 0 : -1}
            style={{
              left: at(range.start),
              width: at(range.end - range.start),
              background: colour ?? labelColour(range.label),
            }}
            aria-label={`${range.label}, ${formatSeconds(range.start)}–${formatSeconds(range.end)}`}
            title={`${range.label}, ${formatSeconds(range.start)}–${formatSeconds(range.end)}`}
            onClick={() => onSeek(range.start)}
          />
        ))}
        {marks?.map((mark) => (
          <span
            key={`${mark.label}-${mark.start}-${mark.end}`}
            className={mark.start === mark.end ? 'lane-mark cut' : 'lane-mark'}
            style={{ left: at(mark.start), width: mark.start === mark.end ? undefined : at(mark.end - mark.start) }}
            aria-hidden="true"
          />
        ))}
        <span className="playhead" aria-hidden="true" />
      </div>
    </div>
  )
})
