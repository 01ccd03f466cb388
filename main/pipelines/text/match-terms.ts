import type { MatchStageConfig } from '../../../shared/pipeline-stage-configs'
import type { FrameWord } from './tesseract-tsv'

/** The words read on one frame; `until` is the time of the last frame it stands for (dedupe dropped the others). */
export type FrameWords = { sequence: number; timestamp: number; until?: number; words: FrameWord[] }

/**
 * A span in which a term is on screen: from the first frame it is read on (`first_seen`, seconds) to the end of the
 * last one (`last_seen`: that frame's time, or the last frame it stands for, plus one frame interval), the frames
 * it was read on (ascending), and its best confidence.
 */
export type Detection = {
  term: string
  first_seen: number
  last_seen: number
  frames: number[]
  best_confidence: number
}

type Mode = MatchStageConfig['mode']

// How words compare (the same for frame words and term words):
// - Punctuation and symbols around a word are not part of it ("ACME," "(ACME)" and "ACME®" are ACME; Tesseract
//   reads a stray stroke beside a word as "~" or "|"); a word that is nothing but them is dropped, so
//   "ACME — CORP" reads as ACME CORP. Inside a word they stay.
// - exact compares what remains as it is. casefold compares Unicode compatibility forms (NFKC:
//   full-width letters, ligatures) in lower case after upper case, so ß meets SS and ς meets Σ;
//   toLowerCase rather than toLocaleLowerCase, because a stage's output must not depend on the
//   machine's locale. It sets Latin marks aside too (zurich meets Zürich, as search does; the marks
//   of other scripts, their vowel signs among them, stay). fuzzy is casefold within max_distance
//   edits per word.
// - A term of several words matches them in a row in Tesseract's reading order; line breaks do not
//   separate them (a title may wrap).
const SURROUNDING_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu

/** A word as matching compares it in `mode`; '' for a word of punctuation and symbols only. */
export function wordKey(word: string, mode: Mode): string {
  const core = word.replace(SURROUNDING_PUNCTUATION, '')
  if (mode === 'exact') return core
  return core.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC')
}

// Unicode's combining diacritical marks block: the accents, umlauts, tildes and cedillas of Latin letters.
const LATIN_MARKS = /[\u0300-\u036f]/g

/**
 * The terms of the match config found in the frames' words: a detection per span a term is seen in, by first_seen
 * then term. Sightings join one span when at most one frame between them missed the term (frame n and n + 2 are
 * one span); `interval` is the time between two frames of the timeline.
 */
export function matchTerms(frames: FrameWords[], config: MatchStageConfig, interval: number): Detection[] {
  const { mode, max_distance } = config
  const same = mode === 'fuzzy' ? (a: string, b: string) => withinDistance(a, b, max_distance) : Object.is
  const keysOf = (words: string[]) => words.map((word) => wordKey(word, mode)).filter((key) => key !== '')
  const terms = config.terms
    .map((term) => ({ term, keys: keysOf(term.split(/\s+/)) }))
    .filter(({ keys }) => keys.length > 0)
  const byTerm = new Map<string, Sighting[]>()
  for (const frame of [...frames].sort((a, b) => a.timestamp - b.timestamp)) {
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
    .flatMap(([term, seen]) => spansOf(seen, interval).map((span) => detectionOf(term, span, interval)))
    .sort((a, b) => a.first_seen - b.first_seen || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
}

type Sighting = { sequence: number; from: number; until: number; confidence: number }

/** Sightings (in time order) cut into spans where more than one frame in a row missed the term. */
function spansOf(seen: Sighting[], interval: number): Sighting[][] {
  const spans: Sighting[][] = []
  // A hair over two intervals: frame times are rounded to the microsecond.
  const joins = 2 * interval + 1e-6
  for (const sighting of seen) {
    const span = spans.at(-1)
    if (span && sighting.from - Math.max(...span.map((frame) => frame.until)) <= joins) span.push(sighting)
    else spans.push([sighting])
  }
  return spans
}

function detectionOf(term: string, span: Sighting[], interval: number): Detection {
  return {
    term,
    first_seen: span[0]!.from,
    last_seen: Math.max(...span.map((frame) => frame.until)) + interval,
    frames: [...new Set(span.map((frame) => frame.sequence))].sort((a, b) => a - b),
    best_confidence: Math.max(...span.map((frame) => frame.confidence)),
  }
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
