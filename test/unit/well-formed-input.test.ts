import { describe, expect, it } from 'vitest'
import { findUnstorableText } from '../../main/security/well-formed-input'

describe('findUnstorableText', () => {
  it('passes well-formed input of any shape, surrogate pairs included', () => {
    for (const input of [undefined, null, 1, 'plain', '🎬', { a: ['b', { c: 'd 🎬' }] }, [[['x']]], { '🎬': 1 }]) {
      expect(findUnstorableText(input)).toBeUndefined()
    }
  })

  it.each([
    ['\ud800', []],
    [{ name: 'a\udc00' }, ['name']],
    [{ list: ['ok', { deep: ['x', 'y\udbff'] }] }, ['list', 1, 'deep', 1]],
    [{ ['k\ud800']: 'v' }, ['k\ufffd']],
    [['\udfff\ud800'], [0]],
  ])('finds %j at %j', (input, where) => {
    expect(findUnstorableText(input)).toEqual({ path: where, problem: 'ill_formed_unicode' })
  })

  it.each([
    ['a\u0000b', []],
    [{ notes: ['ok', 'x\u0000'] }, ['notes', 1]],
    [{ ['k\u0000']: 'v' }, ['k\ufffd']],
  ])('finds the NUL of %j at %j: PostgreSQL cannot store it', (input, where) => {
    expect(findUnstorableText(input)).toEqual({ path: where, problem: 'nul_character' })
  })

  it('walks hostile nesting without overflowing the stack', () => {
    let deep: unknown = 'bottom\ud800'
    for (let i = 0; i < 200_000; i++) deep = [deep]
    const found = findUnstorableText(deep)
    expect(found?.path).toHaveLength(200_000)
  })

  it('survives cyclic objects (structured clone can make them)', () => {
    const cyclic: Record<string, unknown> = { name: 'ok' }
    cyclic.self = cyclic
    expect(findUnstorableText(cyclic)).toBeUndefined()
  })
})
