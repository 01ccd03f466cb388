import type { ReviewCounts, ReviewStatus } from './contract/review-status'

/** A review status in a person's words. */
export const REVIEW_STATUS_WORDS: Record<ReviewStatus, string> = {
  none: 'Not in review',
  'in-review': 'In review',
  'needs-changes': 'Needs changes',
  approved: 'Approved',
}

/**
 * A set's review progress in words, as a collection shows it: "12 of 30 approved, 3 need changes" (the changes left
 * out when none are asked for; "1 needs changes" for one).
 */
export function reviewProgressWords(counts: ReviewCounts): string {
  const approved = `${counts.approved} of ${counts.total} approved`
  if (counts.needsChanges === 0) return approved
  return `${approved}, ${counts.needsChanges} ${counts.needsChanges === 1 ? 'needs' : 'need'} changes`
}
