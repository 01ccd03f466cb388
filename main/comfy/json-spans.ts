/** Where a value sits in JSON text: `text.slice(start, end)` is its exact source. */
export type Span = { start: number; end: number }

const SPACE = /[ \t\n\r]*/y

function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at
  SPACE.exec(text)
  return SPACE.lastIndex
}

function fail(at: number): never {
  throw new SyntaxError(`Unexpected JSON at character ${at}`)
}

/** The end of the string starting at `at` (on its opening quote). */
function stringEnd(text: string, at: number): number {
  let i = at + 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i += 2
    else if (c === 0x22) return i + 1
    else i++
  }
  return fail(at)
}

/**
 * The end of the JSON value starting at `at`. Reads only the structure (strings, brackets), so a
 * number keeps its digits: this is how a 64-bit seed passes through without becoming a float.
 */
function valueEnd(text: string, at: number): number {
  const first = text[at]
  if (first === '"') return stringEnd(text, at)
  if (first !== '{' && first !== '[') {
    let i = at
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++
    return i > at ? i : fail(at)
  }
  let depth = 0
  let i = at
  while (i < text.length) {
    const c = text[i]
    if (c === '"') {
      i = stringEnd(text, i)
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    i++
    if (depth === 0) return i
  }
  return fail(at)
}

/**
 * The source spans of an object's member values, by key (the last of a repeated key, as
 * JSON.parse keeps). The object starts at `at`, white space allowed. Read the text as JSON first:
 * this follows structure only and throws a SyntaxError where that breaks.
 */
export function memberSpans(text: string, at = 0): Map<string, Span> {
  const spans = new Map<string, Span>()
  let i = skipSpace(text, at)
  if (text[i] !== '{') fail(i)
  i = skipSpace(text, i + 1)
  if (text[i] === '}') return spans
  for (;;) {
    if (text[i] !== '"') fail(i)
    const keyEnd = stringEnd(text, i)
    const key = JSON.parse(text.slice(i, keyEnd)) as string
    i = skipSpace(text, keyEnd)
    if (text[i] !== ':') fail(i)
    const start = skipSpace(text, i + 1)
    const end = valueEnd(text, start)
    spans.set(key, { start, end })
    i = skipSpace(text, end)
    if (text[i] === '}') return spans
    if (text[i] !== ',') fail(i)
    i = skipSpace(text, i + 1)
  }
}

/** The source spans of an array's elements, in order. The array starts at `at`, white space allowed. */
export function elementSpans(text: string, at = 0): Span[] {
  const spans: Span[] = []
  let i = skipSpace(text, at)
  if (text[i] !== '[') fail(i)
  i = skipSpace(text, i + 1)
  if (text[i] === ']') return spans
  for (;;) {
    const end = valueEnd(text, i)
    spans.push({ start: i, end })
    i = skipSpace(text, end)
    if (text[i] === ']') return spans
    if (text[i] !== ',') fail(i)
    i = skipSpace(text, i + 1)
  }
}

/** The source text of a member's value found by `memberSpans`, or undefined. */
export function memberText(text: string, spans: Map<string, Span>, key: string): string | undefined {
  const span = spans.get(key)
  return span ? text.slice(span.start, span.end) : undefined
}
