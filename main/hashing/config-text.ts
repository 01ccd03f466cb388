import { pyFloat } from './canonical-json'

/**
 * JSON text read the way Python's json.loads reads it, for hashing: a number written with a point or an
 * exponent is a float (`pyFloat`: `1.0` and `-0.0` stay floats), an integer is an int (a bigint beyond
 * 2^53, so `18446744073709551615` keeps every digit). Objects have no prototype (a `__proto__` key is
 * a key); a repeated key keeps its last value, as in Python. Throws SyntaxError for text that is not JSON.
 */
export function parseConfigText(text: string): unknown {
  // JSON.parse checks the syntax (with its usual messages); the walk below can then trust the text.
  JSON.parse(text)
  const reader = { text, at: 0 }
  return readValue(reader)
}

interface Reader {
  text: string
  at: number
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y

function skipSpace(r: Reader): void {
  while (' \t\n\r'.includes(r.text[r.at] ?? 'x')) r.at++
}

function readValue(r: Reader): unknown {
  skipSpace(r)
  const c = r.text[r.at]
  if (c === '{') return readObject(r)
  if (c === '[') return readArray(r)
  if (c === '"') return readString(r)
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (r.text.startsWith(word, r.at)) {
      r.at += word.length
      return value
    }
  }
  NUMBER.lastIndex = r.at
  const match = NUMBER.exec(r.text)!
  r.at += match[0].length
  if (match[1] !== undefined || match[2] !== undefined) return pyFloat(Number(match[0]))
  const value = Number(match[0])
  return Number.isSafeInteger(value) ? value : BigInt(match[0])
}

function readString(r: Reader): string {
  const start = r.at
  r.at++
  while (r.text[r.at] !== '"') r.at += r.text[r.at] === '\\' ? 2 : 1
  r.at++
  return JSON.parse(r.text.slice(start, r.at)) as string
}

function readArray(r: Reader): unknown[] {
  r.at++
  const out: unknown[] = []
  skipSpace(r)
  if (r.text[r.at] === ']') {
    r.at++
    return out
  }
  for (;;) {
    out.push(readValue(r))
    skipSpace(r)
    if (r.text[r.at++] === ']') return out
  }
}

function readObject(r: Reader): Record<string, unknown> {
  r.at++
  const out = Object.create(null) as Record<string, unknown>
  skipSpace(r)
  if (r.text[r.at] === '}') {
    r.at++
    return out
  }
  for (;;) {
    skipSpace(r)
    const key = readString(r)
    skipSpace(r)
    r.at++ // the colon
    out[key] = readValue(r)
    skipSpace(r)
    if (r.text[r.at++] === '}') return out
  }
}
