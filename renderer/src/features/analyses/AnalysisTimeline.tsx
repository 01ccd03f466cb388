import { useId, useMemo, useState, type RefObject } from 'react'
import { analysisLabels } from '../../../../shared/analysis-label'
import type { CachedAnalysis } from '../../../../shared/contract'
import { AnalysisCompare, comparableAnalyses } from './AnalysisCompare'
import { findingsOf, labelColour, rangesOf } from './analysis-view'
import { LaneStack, type StackLane } from './LaneStack'

/**
 * The cached analyses of a video as lanes under its player, each named by its analyzer and settings, under
 * a time ruler with the player's playhead across them; ranges, lanes and the ruler seek the player. Two
 * configs of one analyzer can be compared by what they found. While the list loads, a note holds a lane's
 * room, so the page below does not jump.
 */
export function AnalysisTimeline({
  analyses,
  durationSeconds,
  media,
}: {
  analyses: CachedAnalysis[] | null
  durationSeconds: number | null
  media: RefObject<HTMLMediaElement | null>
}) {
  const [comparing, setComparing] = useState(false)
  const compareId = useId()
  const labels = useMemo(() => analysisLabels(analyses ?? []), [analyses])
  const lanes = useMemo(
    () =>
      (analyses ?? []).map((analysis): StackLane => ({
        id: analysis.id,
        name: labels.get(analysis.id) ?? '',
        title: `${labels.get(analysis.id)}\nconfig ${analysis.configHash}`,
        stale: !analysis.valid,
        ranges: rangesOf(analysis),
        empty: measuredWords(analysis),
      })),
    [analyses, labels],
  )
  // A plugin's row may reach past what ffprobe said; the longest wins so every range fits.
  const span = Math.max(durationSeconds ?? 0, ...lanes.flatMap((lane) => lane.ranges.map((range) => range.end)), 0.001)
  const legend = [...new Set(lanes.flatMap((lane) => lane.ranges.map((range) => range.label)))].sort()
  const comparable = comparableAnalyses(analyses ?? []).length > 0
  const note =
    analyses === null ? (
      <p className="timeline-note" aria-busy="true">
        Loading analyses…
      </p>
    ) : lanes.length === 0 ? (
      <p className="timeline-note">No analyses of this file yet: run one under Analyses.</p>
    ) : null
  return (
    <>
      <section className="analysis-timeline" aria-label="Analysis timeline">
        <LaneStack lanes={lanes} span={span} media={media} note={note} />
        {lanes.length > 0 && (
          <div className="timeline-foot">
            <ul className="timeline-legend" aria-label="Labels">
              {legend.map((label) => (
                <li key={label}>
                  <span className="legend-swatch" style={{ background: labelColour(label) }} aria-hidden="true" />
                  {label}
                </li>
              ))}
            </ul>
            {comparable && (
              <button
                type="button"
                aria-expanded={comparing}
                aria-controls={comparing ? compareId : undefined}
                onClick={() => setComparing(!comparing)}
              >
                {comparing ? 'Close comparison' : 'Compare two…'}
              </button>
            )}
          </div>
        )}
      </section>
      {comparing && comparable && analyses && (
        <AnalysisCompare id={compareId} analyses={analyses} labels={labels} span={span} media={media} />
      )}
    </>
  )
}

/** What an analysis without ranges measured, for its lane ("no ranges; measured integrated −21.9 LUFS, …"). */
function measuredWords(analysis: CachedAnalysis): string | undefined {
  // Measurements only: numbers (a loudness, a count), not the words a plugin's row may carry (its type).
  const findings = findingsOf(analysis.metadata).filter(({ value }) => /^-?\d/.test(value))
  if (findings.length === 0) return undefined
  return `no ranges; measured ${findings.map(({ label, value }) => `${label} ${value}`).join(', ')}`
}
