import { z } from 'zod'
import { Comment, CommentBody } from './comments'
import { AssetId } from './media'
import { ReviewStatus } from './review-status'

/** An asset's review status, who set it and when (null while nobody has). */
export const AssetReview = z.object({ status: ReviewStatus, by: z.string().nullable(), at: z.string().nullable() })
export type AssetReview = z.infer<typeof AssetReview>

export const reviewChannels = {
  /** Where an asset stands in review, and who put it there when. */
  'review:get': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.object({ review: AssetReview }),
  },
  /**
   * Sets an asset's review status; with `comment`, a comment (at `at` seconds when given) made in the same step,
   * so the status and why it changed arrive together.
   */
  'review:set': {
    input: z
      .object({
        assetId: AssetId,
        status: ReviewStatus,
        comment: CommentBody.optional(),
        at: z.number().finite().min(0).max(10_000_000).optional(),
      })
      .strict()
      .refine((input) => input.at === undefined || input.comment !== undefined, {
        message: '`at` pins the comment: give a comment with it.',
        path: ['at'],
      }),
    output: z.object({ review: AssetReview, comment: Comment.nullable() }),
  },
} as const
