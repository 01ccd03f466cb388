/**
 * Cuts this close count as one cut when two analyses are compared: 2.5 frames at 25 fps. ffmpeg puts a
 * cut on the same frame at any threshold, so the same cut differs by far less; distinct cuts by far more.
 */
export const CUT_TOLERANCE_SECONDS = 0.1

/** A stretch an analysis found, in seconds (a cut is a point: start = end). */
export interface AnalysisEvent {
  start: number
  end: number
  label: string
  /** A cut's scene score or a range's confidence, where the analysis gave one. */
  score?: number
}

/** What comparing needs of an analysis: its analyzer, its metadata and its (well-formed) ranges. */
export interface ComparableAnalysis {
  analyzer: string | null
  metadata: unknown
  ranges: Array<{ start: number; end: number; label: string; confidence?: number }>
}

/** Two analyses' events side by side: all of each, and those the other did not find. */
export interface ComparedEvents {
  kind: 'cuts' | 'ranges'
  a: AnalysisEvent[]
  b: AnalysisEvent[]
  onlyA: AnalysisEvent[]
  onlyB: AnalysisEvent[]
}

/**
 * What one analysis found that the other did not. Scenes are compared by their cuts (one in A with no
 * cut of B within `tolerance` seconds, either side, is A's alone); other analyzers by their ranges (one
 * overlapping no range of B with the same label is A's alone).
 */
export function compareAnalyses(
  a: ComparableAnalysis,
  b: ComparableAnalysis,
  tolerance: number = CUT_TOLERANCE_SECONDS,
): ComparedEvents {
  const kind = a.analyzer === 'scenes' && b.analyzer === 'scenes' ? 'cuts' : 'ranges'
  const read = kind === 'cuts' ? cutsOf : rangeEventsOf
  const [left, right] = [read(a), read(b)]
  const same =
    kind === 'cuts' ? (x: AnalysisEvent, y: AnalysisEvent) => Math.abs(x.start - y.start) <= tolerance + 1e-9 : overlaps
  const alone = (events: AnalysisEvent[], others: AnalysisEvent[]) =>
    events.filter((event) => !others.some((other) => same(event, other)))
  return { kind, a: left, b: right, onlyA: alone(left, right), onlyB: alone(right, left) }
}

/** A scenes analysis's cuts, by time: its metadata's `cuts` where recorded, else where each shot but the first starts. */
export function cutsOf(analysis: ComparableAnalysis): AnalysisEvent[] {
  const recorded = isRecord(analysis.metadata) ? analysis.metadata.cuts : undefined
  const cuts = Array.isArray(recorded)
    ? recorded.flatMap((cut): AnalysisEvent[] =>
        isRecord(cut) && typeof cut.time === 'number' && Number.isFinite(cut.time)
          ? [
              {
                start: cut.time,
                end: cut.time,
                label: 'cut',
                ...(typeof cut.score === 'number' ? { score: cut.score } : {}),
              },
            ]
          : [],
      )
    : [...analysis.ranges]
        .sort((x, y) => x.start - y.start)
        .slice(1)
        .map((shot) => ({ start: shot.start, end: shot.start, label: 'cut', ...scoreOf(shot.confidence) }))
  return cuts.sort((x, y) => x.start - y.start)
}

function rangeEventsOf(analysis: ComparableAnalysis): AnalysisEvent[] {
  return analysis.ranges
    .map((range) => ({ start: range.start, end: range.end, label: range.label, ...scoreOf(range.confidence) }))
    .sort((x, y) => x.start - y.start || x.end - y.end)
}

/** Same label and sharing some time; ranges that only touch do not overlap, but a point inside a range does. */
function overlaps(x: AnalysisEvent, y: AnalysisEvent): boolean {
  if (x.label !== y.label) return false
  const from = Math.max(x.start, y.start)
  const to = Math.min(x.end, y.end)
  return from < to || (from === to && (x.start === x.end || y.start === y.end))
}

function scoreOf(confidence: number | undefined): { score?: number } {
  return confidence === undefined ? {} : { score: confidence }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
