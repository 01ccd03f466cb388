/** One keyframe of a prompt schedule: where it starts (a frame, a relative place or a range, as written) and its text. */
export type Keyframe = { at: string; text: string }

// `"16": "a fox in spring",` (JSON, AnimateDiff-Evolved and FizzNodes) or `16 = "a fox in spring",` (pythonic); the
// index may be a frame, a negative frame, a decimal (a relative place) or a range (`0:12`, `16:`).
const KEYFRAME = /(?:^|[,\n{])\s*"?(-?\d+(?:\.\d+)?(?::-?\d*(?:\.\d+)?)?)"?\s*[:=]\s*"((?:[^"\\]|\\.)*)"/g

/**
 * The keyframes of a prompt schedule text (AnimateDiff-Evolved's Prompt Scheduling, FizzNodes' BatchPromptSchedule),
 * in the order written; null when the text holds none (an ordinary prompt).
 */
export function scheduleKeyframes(text: string): Keyframe[] | null {
  const keyframes = [...text.matchAll(KEYFRAME)].map(([, at, quoted]) => ({ at: at!, text: unescape(quoted!).trim() }))
  return keyframes.length > 0 ? keyframes : null
}

/**
 * A schedule for people and for search: each keyframe on a line of its own after its frame ("0: a red fox in
 * snow"), the text put before and after every prompt on lines of their own around them.
 */
export function scheduleText(keyframes: readonly Keyframe[], before: string | null, after: string | null): string {
  const lines = keyframes.map(({ at, text }) => `${at}: ${text}`)
  return [before, ...lines, after].filter((line): line is string => !!line && line.trim() !== '').join('\n')
}

function unescape(quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`) as string
  } catch {
    return quoted
  }
}
