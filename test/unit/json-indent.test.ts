import { describe, expect, it } from 'vitest'
import { indentJsonText } from '../../shared/json-indent'

describe('JSON text laid out', () => {
  it('lays out as JSON.stringify does, keeping each token as written', () => {
    const value = { a: [1, 'two, "three"', { b: null, c: [] }], d: {}, e: 'x\\y' }
    expect(indentJsonText(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2))
    expect(indentJsonText('{"seed":18446744073709551615,"s":NaN, "k" : [ ]}')).toBe(
      '{\n  "seed": 18446744073709551615,\n  "s": NaN,\n  "k": []\n}',
    )
  })
})
