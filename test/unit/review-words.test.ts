import { expect, it } from 'vitest'
import { reviewProgressWords } from '../../shared/review-words'

// Issue 60 point 2: a collection's review progress in words, the same in the app and the CLI.
it('says how many are approved of all, and how many need changes when some do', () => {
  const counts = (approved: number, needsChanges: number, total: number) => ({
    approved,
    needsChanges,
    total,
    inReview: 0,
  })
  expect(reviewProgressWords(counts(12, 3, 30))).toBe('12 of 30 approved, 3 need changes')
  expect(reviewProgressWords(counts(0, 1, 4))).toBe('0 of 4 approved, 1 needs changes')
  expect(reviewProgressWords(counts(4, 0, 4))).toBe('4 of 4 approved')
})
