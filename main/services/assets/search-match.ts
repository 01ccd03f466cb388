import type { SearchMatch, SubtitleCue } from '../../../shared/contract'
import { SEARCH_FIELDS, type SearchTexts } from '../../db/repos/media-match'

// The order a reason is told in: what a person sees or typed first (the name, tags, the prompt, words on screen,
// subtitles, comments, notes), the folder path last; each with its place among the searched texts.
const TOLD_FIRST = (['name', 'tags', 'prompt', 'screen', 'subtitles', 'comment', 'notes', 'path'] as const).map(
  (field) => ({ field, place: SEARCH_FIELDS.indexOf(field) }),
)
// What is told to who may not read notes (viewers, commenters): the same without them.
const TOLD_WITHOUT_NOTES = TOLD_FIRST.filter(({ field }) => field !== 'notes')
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
 * Why assets matched words searched as prefixes (as `toMatchExpression` asks the index), the words folded once for
 * a page of them. `reason`: the first field in TOLD_FIRST order with a word starting with one of them, and a
 * passage around the first such word, hits marked; null when no field has one (the index and this reading disagree
 * only on words the tokenizer splits otherwise). `inField`: the same for one field's text alone. Without
 * `readsNotes` (who may not read them), the notes are never a reason.
 *
 * A text of ASCII characters alone (most names, paths and prompts) is read as it is, without folding it: its words
 * are runs of letters and digits, and a word starts with a folded prefix when its characters do, case aside. At a
 * page of 200 assets that halved the reasons' time and their garbage (0.65 MB a page).
 */
export function reasonMatcher(prefixes: readonly string[], readsNotes = true) {
  const told = readsNotes ? TOLD_FIRST : TOLD_WITHOUT_NOTES
  const folded = prefixes.map(foldWord)
  // Only a prefix of ASCII characters can start a word of an ASCII text; each found in it, case aside, as it is.
  const asciiFolded = folded.filter(isAscii)
  const inAscii = asciiFolded.map((prefix) => new RegExp(prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'))
  const mayHit = (text: string, ascii = isAscii(text)) => {
    if (ascii) return inAscii.some((prefix) => prefix.test(text))
    const whole = foldWord(text)
    return folded.some((prefix) => whole.includes(prefix))
  }
  // The words of a text up to those a passage shows after its first hit, or all of them (`whole`).
  const tokensOf = (text: string, whole = false, ascii = isAscii(text)): Token[] => {
    const most = whole ? Infinity : WORDS_AFTER + 1
    return ascii ? asciiTokens(text, asciiFolded, most) : foldedTokens(text, folded, most)
  }
  const reason = ({ texts, screenTimes, subtitleCues }: SearchTexts): SearchMatch | null => {
    for (const { field, place } of told) {
      const text = texts[place] ?? ''
      const ascii = isAscii(text)
      if (text === '' || !mayHit(text, ascii)) continue
      if (field === 'subtitles') {
        const cue = firstCue(subtitleCues(), mayHit, tokensOf)
        if (cue) return { field, parts: passage(cue.text, cue.tokens, cue.first), at: cue.start }
      }
      // Words on screen tell when the earliest hit word was read: every hit is needed.
      const tokens = tokensOf(text, field === 'screen', ascii)
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
  const oneField: SearchTexts = { texts: SEARCH_FIELDS.map(() => ''), screenTimes: {}, subtitleCues: () => [] }
  return {
    reason,
    /** The reason this text gives as `field`, the others empty. */
    inField: (field: SearchMatch['field'], text: string): SearchMatch | null => {
      const place = SEARCH_FIELDS.indexOf(field)
      oneField.texts[place] = text
      try {
        return reason(oneField)
      } finally {
        oneField.texts[place] = ''
      }
    },
  }
}

/** The first field in TOLD_FIRST order among these columns of the text index (bit n: column n); null for none. */
export function firstHitField(hitColumns: number): SearchMatch['field'] | null {
  return TOLD_FIRST.find(({ place }) => (hitColumns & (1 << place)) !== 0)?.field ?? null
}

export type ReasonMatcher = ReturnType<typeof reasonMatcher>

/** Whether every character of `text` is ASCII (below U+0080). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false
  return true
}

/**
 * The words of an ASCII text (runs of letters and digits), each a hit when it starts with one of `prefixes`; up to
 * `after` words past the first hit.
 */
function asciiTokens(text: string, prefixes: readonly string[], after: number): Token[] {
  const tokens: Token[] = []
  let firstHit = -1
  let start = -1
  for (let i = 0; i <= text.length && (firstHit < 0 || tokens.length <= firstHit + after); i++) {
    const inWord = i < text.length && isAsciiWordChar(text.charCodeAt(i))
    if (inWord && start < 0) start = i
    else if (!inWord && start >= 0) {
      const end = i
      const hit = startsWithAny(text, start, end, prefixes)
      if (hit && firstHit < 0) firstHit = tokens.length
      tokens.push({ start, end, hit })
      start = -1
    }
  }
  return tokens
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

/** Whether the ASCII word text[start, end) starts with one of `prefixes` (folded), case aside. */
function startsWithAny(text: string, start: number, end: number, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (startsCaseless(text, start, end, prefix)) return true
  return false
}

/** Whether a folded word starts with one of `prefixes` (folded). */
function foldedStartsWithAny(word: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (word.startsWith(prefix)) return true
  return false
}

/** Whether the word text[start, end) starts with `prefix` (lower case ASCII), case aside. */
function startsCaseless(text: string, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) {
    const code = text.charCodeAt(start + i)
    const lower = code >= 0x41 && code <= 0x5a ? code + 0x20 : code
    if (lower !== prefix.charCodeAt(i)) return false
  }
  return true
}

/**
 * The words of any text as the tokenizer cuts them, each a hit when its folded form starts with one of `folded`; up
 * to `after` words past the first hit.
 */
function foldedTokens(text: string, folded: readonly string[], after: number): Token[] {
  const tokens: Token[] = []
  let firstHit = -1
  TOKEN.lastIndex = 0
  for (let found = TOKEN.exec(text); found; found = TOKEN.exec(text)) {
    const start = found.index
    const end = start + found[0].length
    // A word of ASCII letters in a text with others (a folder "Café shoot"'s "shoot") is compared as it is.
    const hit = isAscii(found[0])
      ? startsWithAny(text, start, end, folded)
      : foldedStartsWithAny(foldWord(found[0]), folded)
    if (hit && firstHit < 0) firstHit = tokens.length
    tokens.push({ start, end, hit })
    if (firstHit >= 0 && tokens.length > firstHit + after) break
  }
  return tokens
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
