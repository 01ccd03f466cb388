// Readers of the stage outputs `checkpoints:get` answers (`unknown` in the contract): what is not in the shape a
// stage writes reads as absent, so an older or foreign output shows as "none" rather than breaking the page.

/** A term the match stage found: when it was first and last seen (seconds), on which frames, how sure. */
export interface Detection {
  term: string
  first_seen: number
  last_seen: number
  frames: number[]
  best_confidence: number | null
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/** The sequences dedupe_frames kept, or null when the checkpoint carries no dedupe output. */
export function keptOf(outputs: Record<string, unknown> | undefined): number[] | null {
  const output = outputs?.dedupe_frames
  if (!isObject(output) || !Array.isArray(output.kept)) return null
  return output.kept.filter(isNumber)
}

/** The match stage's detections ordered by when they were first seen, or null when the checkpoint carries none. */
export function detectionsOf(outputs: Record<string, unknown> | undefined): Detection[] | null {
  const output = outputs?.match
  if (!isObject(output) || !Array.isArray(output.detections)) return null
  const found: Detection[] = []
  for (const item of output.detections) {
    if (!isObject(item) || typeof item.term !== 'string' || !isNumber(item.first_seen)) continue
    const last = isNumber(item.last_seen) ? Math.max(item.last_seen, item.first_seen) : item.first_seen
    found.push({
      term: item.term,
      first_seen: item.first_seen,
      last_seen: last,
      frames: Array.isArray(item.frames) ? item.frames.filter(isNumber) : [],
      best_confidence: isNumber(item.best_confidence) ? item.best_confidence : null,
    })
  }
  return found.sort((a, b) => a.first_seen - b.first_seen || (a.term < b.term ? -1 : 1))
}

/** How many frames the text stage read and how many words it found on them, or null without a text output. */
export function textCounts(outputs: Record<string, unknown> | undefined): { frames: number; words: number } | null {
  const output = outputs?.text
  if (!isObject(output) || !Array.isArray(output.frames)) return null
  let words = 0
  for (const frame of output.frames) if (isObject(frame) && Array.isArray(frame.words)) words += frame.words.length
  return { frames: output.frames.length, words }
}

/** How many ranges a range stage (scenes, silence…) found, per stage that has them. */
export function rangeCounts(outputs: Record<string, unknown> | undefined): [string, number][] {
  return Object.entries(outputs ?? {}).flatMap(([stage, output]) =>
    isObject(output) && Array.isArray(output.ranges) ? [[stage, output.ranges.length] as [string, number]] : [],
  )
}

/**
 * The frame that stands for time `seconds` on a timeline of `fps`: the frame at that time, or with `kept`, the
 * last kept frame at or before it (dedupe dropped the ones after it as the same picture); the first kept one
 * before any.
 */
export function frameAt(seconds: number, fps: number, frameCount: number, kept: readonly number[] | null): number {
  const at = Math.min(Math.max(0, frameCount - 1), Math.max(0, Math.floor(seconds * fps + 1e-6)))
  if (!kept || kept.length === 0) return at
  let low = 0
  let high = kept.length - 1
  if (kept[0] > at) return kept[0]
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (kept[middle] <= at) low = middle
    else high = middle - 1
  }
  return kept[low]
}

/** The URL both hosts serve a timeline's frame at. */
export const frameUrl = (timelineId: number, sequence: number) => `/media/frames/${timelineId}/${sequence}.jpg`

/** A time as the filmstrip and tables show it: "0:03.5", "1:02:05.0". */
export function clock(seconds: number): string {
  const tenths = Math.round(Math.max(0, seconds) * 10)
  const whole = Math.floor(tenths / 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60]
  const head = h > 0 ? `${h}:${pad(m)}` : String(m)
  return `${head}:${pad(s)}.${tenths % 10}`
}
