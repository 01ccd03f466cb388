import { useRef, type KeyboardEvent } from 'react'
import type { CachedAnalysis } from '../../../../shared/contract'
import { plural } from '../../format'
import { formatSeconds, labelColour, rangesOf, shortHash, type Range } from './analysis-view'

/**
 * The cached analyses of a video as lanes under its player: each range a button placed by its
 * start and end over the duration, coloured by label; a click seeks the player to its start.
 * While the list loads, one empty lane holds the room, so the page below does not jump.
 */
export function AnalysisTimeline({
  analyses,
  durationSeconds,
  onSeek,
}: {
  analyses: CachedAnalysis[] | null
  durationSeconds: number | null
  onSeek(seconds: number): void
}) {
  const lanes = (analyses ?? []).map((analysis) => ({ analysis, ranges: rangesOf(analysis) }))
  // A plugin's row may reach past what ffprobe said; the longest wins so every range fits.
  const span = Math.max(durationSeconds ?? 0, ...lanes.flatMap((lane) => lane.ranges.map((range) => range.end)), 0.001)
  const labels = [...new Set(lanes.flatMap((lane) => lane.ranges.map((range) => range.label)))].sort()
  return (
    <section className="analysis-timeline" aria-label="Analysis timeline">
      {analyses === null ? (
        <p className="timeline-note" aria-busy="true">
          Loading analyses…
        </p>
      ) : lanes.length === 0 ? (
        <p className="timeline-note">No analyses of this file yet: run one under Analyses.</p>
      ) : (
        <>
          {lanes.map(({ analysis, ranges }) => (
            <Lane key={analysis.id} analysis={analysis} ranges={ranges} span={span} onSeek={onSeek} />
          ))}
          <ul className="timeline-legend" aria-label="Labels">
            {labels.map((label) => (
              <li key={label}>
                <span className="legend-swatch" style={{ background: labelColour(label) }} aria-hidden="true" />
                {label}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function Lane({
  analysis,
  ranges,
  span,
  onSeek,
}: {
  analysis: CachedAnalysis
  ranges: Range[]
  span: number
  onSeek(seconds: number): void
}) {
  const track = useRef<HTMLDivElement>(null)
  const name = `${analysis.analyzer ?? 'analysis'} ${shortHash(analysis.configHash).replace(/^sha256:/, '')}`
  // One tab stop per lane; arrows walk its ranges (a long film has hundreds of shots).
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
  return (
    <div className={analysis.valid ? 'timeline-lane' : 'timeline-lane stale'}>
      <span className="lane-name" title={analysis.configHash}>
        {analysis.analyzer ?? 'analysis'}
        <span className="lane-hash">
          {shortHash(analysis.configHash)
            .replace(/^sha256:/, '')
            .slice(0, 6)}
        </span>
      </span>
      <div
        ref={track}
        className="lane-track"
        role="group"
        aria-label={`${name}: ${plural(ranges.length, 'range', 'ranges')}${analysis.valid ? '' : ', stale'}`}
        onKeyDown={onKeyDown}
      >
        {ranges.length === 0 && <span className="lane-empty">nothing found</span>}
        {!analysis.valid && (
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
              left: `${(range.start / span) * 100}%`,
              width: `${((range.end - range.start) / span) * 100}%`,
              background: labelColour(range.label),
            }}
            aria-label={`${range.label}, ${formatSeconds(range.start)}–${formatSeconds(range.end)}`}
            title={`${range.label}, ${formatSeconds(range.start)}–${formatSeconds(range.end)}`}
            onClick={() => onSeek(range.start)}
          />
        ))}
      </div>
    </div>
  )
}
