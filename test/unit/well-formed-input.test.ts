import { describe, expect, it } from 'vitest'
import { findIllFormedString } from '../../main/security/well-formed-input'

describe('findIllFormedString', () => {
  it('passes well-formed input of any shape, surrogate pairs included', () => {
    for (const input of [undefined, null, 1, 'plain', '🎬', { a: ['b', { c: 'd 🎬' }] }, [[['x']]], { '🎬': 1 }]) {
      expect(findIllFormedString(input)).toBeUndefined()
    }
  })

  it.each([
    ['\ud800', []],
    [{ name: 'a\udc00' }, ['name']],
    [{ list: ['ok', { deep: ['x', 'y\udbff'] }] }, ['list', 1, 'deep', 1]],
    [{ ['k\ud800']: 'v' }, ['k\ufffd']],
    [['\udfff\ud800'], [0]],
  ])('finds %j at %j', (input, where) => {
    expect(findIllFormedString(input)).toEqual(where)
  })

  it('walks hostile nesting without overflowing the stack', () => {
    let deep: unknown = 'bottom\ud800'
    for (let i = 0; i < 200_000; i++) deep = [deep]
    const found = findIllFormedString(deep)
    expect(found).toHaveLength(200_000)
  })

  it('survives cyclic objects (structured clone can make them)', () => {
    const cyclic: Record<string, unknown> = { name: 'ok' }
    cyclic.self = cyclic
    expect(findIllFormedString(cyclic)).toBeUndefined()
  })
})
