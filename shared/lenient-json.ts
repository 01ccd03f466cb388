/** The outcome of reading JSON text: the value, or why it is not JSON (with the character offset). */
export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string }

const MAX_DEPTH = 1000

class JsonSyntaxError extends Error {}

/**
 * Reads JSON as JSON.parse does, and also the bare `NaN`, `Infinity` and `-Infinity` Python's
 * json.dumps writes (as those numbers). Never throws and never evaluates anything.
 */
export function parseLenientJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // Not strict JSON: read it again with the lenient reader below, which also says where it broke.
  }
  try {
    const reader = new Reader(text)
    reader.space()
    const value = reader.value(0)
    reader.space()
    if (reader.at < text.length) reader.fail('unexpected text after the value')
    return { ok: true, value }
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message }
    // A RangeError (call stack) or the like: still an answer, not a throw.
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

class Reader {
  at = 0

  constructor(private readonly text: string) {}

  fail(message: string): never {
    const end = this.at >= this.text.length ? 'at the end' : `at character ${this.at}`
    throw new JsonSyntaxError(`${message} ${end}`)
  }

  /** Fails at the character just read. */
  private failBefore(message: string): never {
    this.at--
    this.fail(message)
  }

  space(): void {
    const t = this.text
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at)
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return
      this.at++
    }
  }

  private word(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false
    this.at += word.length
    return true
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nested too deep')
    const c = this.text[this.at]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return this.string()
    if (this.word('true')) return true
    if (this.word('false')) return false
    if (this.word('null')) return null
    if (this.word('NaN')) return NaN
    if (this.word('Infinity')) return Infinity
    if (this.word('-Infinity')) return -Infinity
    NUMBER.lastIndex = this.at
    const match = NUMBER.exec(this.text)
    if (!match) this.fail(c === undefined ? 'a value is missing' : `unexpected ${JSON.stringify(c)}`)
    this.at += match[0].length
    return Number(match[0])
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {}
    this.at++
    this.space()
    if (this.text[this.at] === '}') {
      this.at++
      return result
    }
    for (;;) {
      if (this.text[this.at] !== '"') this.fail('a key is missing')
      const key = this.string()
      this.space()
      if (this.text[this.at] !== ':') this.fail('":" is missing')
      this.at++
      this.space()
      const value = this.value(depth + 1)
      // An own "__proto__" key, as JSON.parse makes it, never the object's prototype.
      if (key === '__proto__')
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true })
      else result[key] = value
      this.space()
      const next = this.text[this.at++]
      if (next === '}') return result
      if (next !== ',') this.failBefore('"," or "}" is missing')
      this.space()
    }
  }

  private array(depth: number): unknown[] {
    const result: unknown[] = []
    this.at++
    this.space()
    if (this.text[this.at] === ']') {
      this.at++
      return result
    }
    for (;;) {
      result.push(this.value(depth + 1))
      this.space()
      const next = this.text[this.at++]
      if (next === ']') return result
      if (next !== ',') this.failBefore('"," or "]" is missing')
      this.space()
    }
  }

  private string(): string {
    const t = this.text
    let out = ''
    let start = ++this.at
    for (;;) {
      if (this.at >= t.length) this.fail('a string is not closed')
      const c = t.charCodeAt(this.at)
      if (c === 0x22) break
      if (c < 0x20) this.fail('a control character in a string')
      if (c !== 0x5c) {
        this.at++
        continue
      }
      out += t.slice(start, this.at)
      const e = t[this.at + 1]
      if (e === 'u') {
        const hex = t.slice(this.at + 2, this.at + 6)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('a bad \\u escape')
        out += String.fromCharCode(parseInt(hex, 16))
        this.at += 6
      } else {
        const escaped = e === undefined ? undefined : ESCAPES[e]
        if (escaped === undefined) this.fail('a bad escape')
        out += escaped
        this.at += 2
      }
      start = this.at
    }
    out += t.slice(start, this.at)
    this.at++
    return out
  }
}
