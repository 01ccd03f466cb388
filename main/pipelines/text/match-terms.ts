import type { MatchStageConfig } from '../../../shared/pipeline-stage-configs'
import type { FrameWord } from './tesseract-tsv'

/** The words read on one frame; `until` is the time of the last frame it stands for (dedupe dropped the others). */
export type FrameWords = { sequence: number; timestamp: number; until?: number; words: FrameWord[] }

/** A term seen in the text: when (seconds) first and last, on which frames (ascending), and its best confidence. */
export type Detection = {
  term: string
  first_seen: number
  last_seen: number
  frames: number[]
  best_confidence: number
}

type Mode = MatchStageConfig['mode']

// How words compare (the same for frame words and term words):
// - Punctuation around a word is not part of it ("ACME," and "(ACME)" are ACME); a word that is
//   nothing but punctuation is dropped, so "ACME — CORP" reads as ACME CORP. Inside a word it stays.
// - exact compares what remains as it is. casefold compares Unicode compatibility forms (NFKC:
//   full-width letters, ligatures) in lower case after upper case, so ß meets SS and ς meets Σ;
//   toLowerCase rather than toLocaleLowerCase, because a stage's output must not depend on the
//   machine's locale. fuzzy is casefold within max_distance edits per word.
// - A term of several words matches them in a row in Tesseract's reading order; line breaks do not
//   separate them (a title may wrap).
const SURROUNDING_PUNCTUATION = /^\p{P}+|\p{P}+$/gu

/** A word as matching compares it in `mode`; '' for a word of punctuation only. */
export function wordKey(word: string, mode: Mode): string {
  const core = word.replace(SURROUNDING_PUNCTUATION, '')
  return mode === 'exact' ? core : core.normalize('NFKC').toUpperCase().toLowerCase()
}

/** The terms of the match config found in the frames' words, one detection per term seen, by first_seen then term. */
export function matchTerms(frames: FrameWords[], config: MatchStageConfig): Detection[] {
  const { mode, max_distance } = config
  const same = mode === 'fuzzy' ? (a: string, b: string) => withinDistance(a, b, max_distance) : Object.is
  const keysOf = (words: string[]) => words.map((word) => wordKey(word, mode)).filter((key) => key !== '')
  const terms = config.terms
    .map((term) => ({ term, keys: keysOf(term.split(/\s+/)) }))
    .filter(({ keys }) => keys.length > 0)
  const byTerm = new Map<string, { sequence: number; from: number; until: number; confidence: number }[]>()
  for (const frame of frames) {
    const words = frame.words
      .map((word) => ({ key: wordKey(word.text, mode), confidence: word.confidence }))
      .filter((word) => word.key !== '')
    for (const { term, keys } of terms) {
      const confidence = bestRun(words, keys, same)
      if (confidence === null) continue
      const seen = byTerm.get(term) ?? byTerm.set(term, []).get(term)!
      seen.push({ sequence: frame.sequence, from: frame.timestamp, until: frame.until ?? frame.timestamp, confidence })
    }
  }
  return [...byTerm]
    .map(([term, seen]) => ({
      term,
      first_seen: Math.min(...seen.map((frame) => frame.from)),
      last_seen: Math.max(...seen.map((frame) => frame.until)),
      frames: [...new Set(seen.map((frame) => frame.sequence))].sort((a, b) => a - b),
      best_confidence: Math.max(...seen.map((frame) => frame.confidence)),
    }))
    .sort((a, b) => a.first_seen - b.first_seen || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
}

/** The best confidence (the least of its words') of the runs of `words` matching `keys`; null when none does. */
function bestRun(
  words: { key: string; confidence: number }[],
  keys: string[],
  same: (word: string, termWord: string) => boolean,
): number | null {
  let best: number | null = null
  for (let start = 0; start + keys.length <= words.length; start++) {
    const run = words.slice(start, start + keys.length)
    if (!run.every((word, index) => same(word.key, keys[index]!))) continue
    const confidence = Math.min(...run.map((word) => word.confidence))
    best = Math.max(best ?? confidence, confidence)
  }
  return best
}

/** The Levenshtein distance between two strings, in code points (insertions, deletions and substitutions cost 1). */
export function levenshtein(a: string, b: string): number {
  const from = Array.from(a)
  const to = Array.from(b)
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index)
  for (let i = 1; i <= from.length; i++) {
    const current = [i]
    for (let j = 1; j <= to.length; j++) {
      const substitution = previous[j - 1]! + (from[i - 1] === to[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
    }
    previous = current
  }
  return previous[to.length]!
}

/** Whether two words are at most `max` edits apart; lengths further apart than that rule it out without counting. */
function withinDistance(a: string, b: string, max: number): boolean {
  return Math.abs(Array.from(a).length - Array.from(b).length) <= max && levenshtein(a, b) <= max
}
