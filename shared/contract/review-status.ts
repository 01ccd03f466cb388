import { z } from 'zod'

/** Where an asset stands in review (issue 60 point 2): not in review, in review, changes asked for, approved. */
export const ReviewStatus = z.enum(['none', 'in-review', 'needs-changes', 'approved'])
export type ReviewStatus = z.infer<typeof ReviewStatus>

/** How many assets of a set stand at each review status. */
export const ReviewCounts = z.object({
  total: z.number().int().nonnegative(),
  inReview: z.number().int().nonnegative(),
  needsChanges: z.number().int().nonnegative(),
  approved: z.number().int().nonnegative(),
})
export type ReviewCounts = z.infer<typeof ReviewCounts>
