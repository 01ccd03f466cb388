import type { SearchMatch, SubtitleCue } from '../../../shared/contract'
import { SEARCH_FIELDS, type SearchTexts } from '../../db/repos/media-match'

// The order a reason is told in: what a person sees or typed first (the name, tags, the prompt, words on screen,
// subtitles, notes), the folder path last.
const TOLD_FIRST: SearchMatch['field'][] = ['name', 'tags', 'prompt', 'screen', 'subtitles', 'notes', 'path']
// What the full-text tokenizer (unicode61) keeps as word characters: letters, marks and numbers.
const TOKEN = /[\p{L}\p{M}\p{N}]+/gu
// Words of context before and after the first hit in a long text: few before, so a narrow card shows the hit.
const [WORDS_BEFORE, WORDS_AFTER] = [2, 8]

/** A word of a text, where it lies, and whether it starts with a searched word. */
interface Token {
  start: number
  end: number
  hit: boolean
}

/** A word as the full-text index compares it: diacritics taken off (remove_diacritics 2), lower case. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase()
  return ASCII.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '')
}
const ASCII = /^[\x20-\x7e]*$/

/**
 * Why an asset matched words searched as prefixes (as `toMatchExpression` asks the index): the first field in
 * TOLD_FIRST order with a word starting with one of them, and a passage around the first such word, hits marked.
 * Null when no field has one (the index and this reading disagree only on words the tokenizer splits otherwise).
 */
export function matchReason(
  prefixes: readonly string[],
  { texts, screenTimes, subtitleCues }: SearchTexts,
): SearchMatch | null {
  const folded = prefixes.map(foldWord)
  // Whether a text may hold a hit at all: what most texts answer, without cutting them into words (a film's
  // subtitles are 40,000 characters).
  const mayHit = (text: string) => {
    const whole = foldWord(text)
    return folded.some((prefix) => whole.includes(prefix))
  }
  const tokensOf = (text: string) =>
    [...text.matchAll(TOKEN)].map((token) => ({
      start: token.index,
      end: token.index + token[0].length,
      hit: folded.some((prefix) => foldWord(token[0]).startsWith(prefix)),
    }))
  for (const field of TOLD_FIRST) {
    const text = texts[SEARCH_FIELDS.indexOf(field)] ?? ''
    if (!mayHit(text)) continue
    if (field === 'subtitles') {
      const cue = firstCue(subtitleCues(), mayHit, tokensOf)
      if (cue) return { field, parts: passage(cue.text, cue.tokens, cue.first), at: cue.start }
    }
    const tokens = tokensOf(text)
    const first = tokens.findIndex((token) => token.hit)
    if (first < 0) continue
    const parts = passage(text, tokens, first)
    const at =
      field === 'screen'
        ? firstSeen(
            tokens.filter((token) => token.hit),
            text,
            screenTimes,
          )
        : undefined
    return { field, parts, ...(at !== undefined && { at }) }
  }
  return null
}

/** The earliest cue (of any track) with a hit, its tokens and the first hit's place among them. */
function firstCue(
  cues: readonly SubtitleCue[],
  mayHit: (text: string) => boolean,
  tokensOf: (text: string) => Token[],
) {
  let found: { start: number; text: string; tokens: Token[]; first: number } | undefined
  for (const cue of cues) {
    if ((found && found.start <= cue.start) || !mayHit(cue.text)) continue
    const tokens = tokensOf(cue.text)
    const first = tokens.findIndex((token) => token.hit)
    if (first >= 0) found = { start: cue.start, text: cue.text, tokens, first }
  }
  return found
}

/** The earliest time any of the hit words was first read on screen; undefined when none has a time. */
function firstSeen(
  hits: { start: number; end: number }[],
  text: string,
  times: Record<string, number>,
): number | undefined {
  const byWord = new Map(Object.entries(times).map(([word, seconds]) => [foldWord(word), seconds]))
  const seen = hits.map((hit) => byWord.get(foldWord(text.slice(hit.start, hit.end)))).filter((t) => t !== undefined)
  return seen.length === 0 ? undefined : Math.min(...seen)
}

/** The text from a few words before the first hit to a few after, cut with "…", as plain and hit parts in turn. */
function passage(text: string, tokens: Token[], first: number): SearchMatch['parts'] {
  const from = first - WORDS_BEFORE <= 0 ? 0 : tokens[first - WORDS_BEFORE]!.start
  const last = first + WORDS_AFTER
  const to = last >= tokens.length - 1 ? text.length : tokens[last]!.end
  const parts: SearchMatch['parts'] = []
  const push = (piece: string, hit: boolean) => piece && parts.push({ text: piece, hit })
  let at = from
  for (const token of tokens) {
    if (!token.hit || token.start < from || token.end > to) continue
    push(text.slice(at, token.start), false)
    push(text.slice(token.start, token.end), true)
    at = token.end
  }
  push(text.slice(at, to), false)
  if (from > 0) parts.unshift({ text: '…', hit: false })
  if (to < text.length) parts.push({ text: '…', hit: false })
  return parts
}
