import { describe, expect, it } from 'vitest'
import {
  discarded,
  keepMine,
  refused,
  saved,
  toSave,
  typed,
  UNTOUCHED,
  viewOf,
  type StoredField,
} from '../../renderer/src/features/asset-detail/field-edit'

const stored = (value: string, version: number, changedBy: string | null = null): StoredField => ({
  value,
  version,
  changedBy,
  changedAt: changedBy ? '2026-11-27T12:00:00.000Z' : null,
})

// Issue 64: a field saves only what the person typed, and another person's change is never overwritten unseen.
describe('a versioned field edit', () => {
  it('shows the stored value until the person types, then saves their text from the version they saw', () => {
    const start = stored('old', 3, 'Ada')
    expect(viewOf(UNTOUCHED, start)).toEqual({ value: 'old', dirty: false, conflict: null, baseVersion: 3 })
    expect(toSave(UNTOUCHED, start)).toBeNull()
    const mine = typed(UNTOUCHED, start, 'new')
    expect(viewOf(mine, start)).toMatchObject({ value: 'new', dirty: true, conflict: null })
    expect(toSave(mine, start)).toEqual({ text: 'new', baseVersion: 3 })
    // Typed back to what was stored: nothing to save.
    expect(toSave(typed(mine, start, 'old'), start)).toBeNull()
  })

  it('never saves again after a save when the person typed nothing since, whatever the store shows', () => {
    const start = stored('old', 3)
    const done = saved(typed(UNTOUCHED, start, 'mine'), 'mine', 4)
    // The refetch has not come yet: the field keeps the saved text and has nothing to save.
    expect(viewOf(done, start)).toMatchObject({ value: 'mine', dirty: false })
    expect(toSave(done, start)).toBeNull()
    // Someone else saves after us: shown at once, and leaving the field saves nothing.
    const theirs = stored('theirs', 5, 'Bob')
    expect(viewOf(done, theirs)).toEqual({ value: 'theirs', dirty: false, conflict: null, baseVersion: 5 })
    expect(toSave(done, theirs)).toBeNull()
    // Typing on from there counts from their version.
    expect(toSave(typed(done, theirs, 'theirs!'), theirs)).toEqual({ text: 'theirs!', baseVersion: 5 })
  })

  it('keeps typing done while a save was on its way as the next change', () => {
    const start = stored('a', 1)
    const during = typed(typed(UNTOUCHED, start, 'ab'), start, 'abc')
    const done = saved(during, 'ab', 2)
    expect(toSave(done, stored('ab', 2))).toEqual({ text: 'abc', baseVersion: 2 })
  })

  it("meets another person's change to text the person changed with a notice, then keeps theirs or mine", () => {
    const start = stored('old', 1)
    const mine = typed(UNTOUCHED, start, 'mine')
    const theirs = stored('theirs', 2, 'Bob')
    expect(viewOf(mine, theirs)).toEqual({ value: 'mine', dirty: true, conflict: theirs, baseVersion: 1 })
    // Leaving the field saves nothing while the notice asks.
    expect(toSave(mine, theirs)).toBeNull()
    // Typing on keeps the notice.
    expect(viewOf(typed(mine, theirs, 'mine!'), theirs).conflict).toEqual(theirs)
    expect(keepMine(mine, theirs)).toEqual({ text: 'mine', baseVersion: 2 })
    expect(viewOf(saved(mine, 'mine', 3), theirs)).toMatchObject({ value: 'mine', dirty: false, conflict: null })
    expect(viewOf(discarded(mine), theirs)).toMatchObject({ value: 'theirs', dirty: false, conflict: null })
    // The same text on both sides is no conflict.
    expect(viewOf(typed(UNTOUCHED, start, 'theirs'), theirs)).toMatchObject({ value: 'theirs', conflict: null })
  })

  it('learns the current field from a refused save before the refetch brings it', () => {
    const start = stored('old', 1)
    const mine = typed(UNTOUCHED, start, 'mine')
    const told = refused(mine, stored('theirs', 2, 'Bob'))
    expect(viewOf(told, start)).toMatchObject({ value: 'mine', conflict: { value: 'theirs', changedBy: 'Bob' } })
    expect(keepMine(told, start)).toEqual({ text: 'mine', baseVersion: 2 })
    // An older refetch does not take it back; a newer one wins.
    expect(viewOf(discarded(told), start).value).toBe('theirs')
    expect(viewOf(discarded(told), stored('third', 3, 'Cy')).value).toBe('third')
  })
})
