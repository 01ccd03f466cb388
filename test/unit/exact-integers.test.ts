import { describe, expect, it } from 'vitest'
import { parseLenientJson } from '../../shared/lenient-json'
import { withExactIntegers } from '../../shared/exact-integers'

const read = (text: string) => {
  const parsed = parseLenientJson(text)
  if (!parsed.ok) throw new Error(parsed.error)
  return withExactIntegers(parsed.value, text)
}

describe('integers past 2^53 read exactly', () => {
  it('gives back the digits the text wrote, in order, and leaves every other value as JSON reads it', () => {
    const text = `{"note": "seed [18446744073709551613]", "widgets_values": [18446744073709551615, "randomize", 20, 7.5, NaN],
      "a": {"seed": 18446744073709551614}, "b": [9007199254740993, 12345678901234567.5, 1e20], "c": "18446744073709551615"}`
    expect(read(text)).toEqual({
      note: 'seed [18446744073709551613]',
      widgets_values: ['18446744073709551615', 'randomize', 20, 7.5, NaN],
      a: { seed: '18446744073709551614' },
      b: ['9007199254740993', 12345678901234568, 1e20],
      c: '18446744073709551615',
    })
  })

  it('returns the value itself when the text holds no long integer', () => {
    const value = { seed: 42 }
    expect(withExactIntegers(value, '{"seed": 42}')).toBe(value)
  })
})
