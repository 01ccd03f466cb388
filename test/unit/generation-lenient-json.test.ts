import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLenientJson } from '../../shared/lenient-json'

/** The lenient reader on its own: JSON.parse answers first, so valid JSON must be fed past it. */
function lenientOnly(text: string) {
  // A trailing NaN element makes JSON.parse fail, so the lenient reader reads the whole text.
  const result = parseLenientJson(`[${text},NaN]`)
  return result.ok ? { ok: true as const, value: (result.value as unknown[])[0] } : result
}

describe('parseLenientJson', () => {
  it('reads the NaN, Infinity and -Infinity Python writes, inside objects and arrays', () => {
    const result = parseLenientJson('{"a": NaN, "b": [Infinity, -Infinity, 1.5e3], "c": {"d": "NaN"}}')
    expect(result).toEqual({ ok: true, value: { a: NaN, b: [Infinity, -Infinity, 1500], c: { d: 'NaN' } } })
  })

  it('leaves NaN inside strings alone and keeps escapes', () => {
    expect(parseLenientJson('["NaN \\" Infinity \\u00e9\\n", NaN]')).toEqual({
      ok: true,
      value: ['NaN " Infinity é\n', NaN],
    })
  })

  it('reads every JSON escape, as JSON.parse does', () => {
    const text = String.raw`"\/\b\f\n\r\t\"\\\u0041\ud83d\ude00"`
    expect(lenientOnly(text)).toEqual({ ok: true, value: JSON.parse(text) })
    expect(lenientOnly(String.raw`"\x"`)).toMatchObject({ ok: false, error: expect.stringContaining('bad escape') })
    expect(lenientOnly(String.raw`"\u12G4"`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('bad \\u escape'),
    })
  })

  it('answers broken text with where it broke, never a throw', () => {
    expect(parseLenientJson('{"a": NaN, "b": [1, 2')).toEqual({
      ok: false,
      error: expect.stringContaining('at the end'),
    })
    expect(parseLenientJson('{"a": Nan}')).toEqual({ ok: false, error: 'unexpected "N" at character 6' })
    expect(parseLenientJson('NaN garbage')).toEqual({ ok: false, error: expect.stringContaining('after the value') })
    expect(parseLenientJson('')).toMatchObject({ ok: false })
    expect(parseLenientJson('{"a":1,}')).toMatchObject({ ok: false })
  })

  it('keeps "__proto__" an own key, as JSON.parse does', () => {
    const result = lenientOnly('{"__proto__": {"polluted": true}}')
    expect(result.ok).toBe(true)
    const value = (result as { value: Record<string, unknown> }).value
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses nesting deeper than it reads, as a value', () => {
    expect(lenientOnly('['.repeat(5000) + ']'.repeat(5000))).toEqual({
      ok: false,
      error: expect.stringContaining('nested too deep'),
    })
  })

  it('equals JSON.parse on valid JSON (the lenient reader itself, past the JSON.parse fast path)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        expect(lenientOnly(text)).toEqual({ ok: true, value: JSON.parse(text) })
      }),
      { numRuns: 500 },
    )
  })

  it('never throws on garbage, answering an error value when JSON.parse refuses the text', () => {
    const garbage = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom(...'{}[]":,0123456789.eE+-NaInfityrulsf \\u'.split('')) }),
      fc.json().map((text) => text.slice(0, Math.floor(text.length / 2))),
    )
    fc.assert(
      fc.property(garbage, (text) => {
        const result = parseLenientJson(text)
        let strict = true
        try {
          JSON.parse(text)
        } catch {
          strict = false
        }
        if (strict) expect(result).toEqual({ ok: true, value: JSON.parse(text) })
        else if (!result.ok) expect(typeof result.error).toBe('string')
      }),
      { numRuns: 1000 },
    )
  })
})
