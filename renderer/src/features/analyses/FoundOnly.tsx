import { useId } from 'react'
import type { AnalysisEvent } from '../../../../shared/analysis-diff'
import { formatSeconds } from './analysis-view'

/** What one side of a comparison found and the other did not: each a time that seeks the player. */
export function FoundOnly(props: {
  name: string
  other: string
  kind: 'cuts' | 'ranges'
  events: AnalysisEvent[]
  onSeek(seconds: number): void
}) {
  const { name, other, kind, events, onSeek } = props
  const heading = useId()
  return (
    <div className="found-only-side">
      <h3 id={heading}>Found only in {name}</h3>
      {events.length === 0 ? (
        <p className="muted">
          Nothing: {other} found every {kind === 'cuts' ? 'cut' : 'range'} this found.
        </p>
      ) : (
        <ul aria-labelledby={heading}>
          {events.map((event) => (
            <li key={`${event.label}-${event.start}-${event.end}`}>
              <button type="button" className="found-time" onClick={() => onSeek(event.start)}>
                {formatSeconds(event.start)}
              </button>{' '}
              {eventWords(event)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** A found event in words: "cut, score 0.21", "silence to 0:02.50". */
function eventWords(event: AnalysisEvent): string {
  const score = event.score === undefined ? '' : `, score ${event.score.toFixed(2)}`
  return event.start === event.end && event.label === 'cut'
    ? `cut${score}`
    : `${event.label} to ${formatSeconds(event.end)}${score}`
}
