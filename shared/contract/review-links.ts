import { z } from 'zod'
import { CollectionId } from './collections'

const LinkId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
// The longest a link may stay open: a year.
const MAX_EXPIRY_SECONDS = 366 * 24 * 60 * 60

/** Whether a link still opens: open, past its expiry, or revoked. */
export const ReviewLinkState = z.enum(['open', 'expired', 'revoked'])
export type ReviewLinkState = z.infer<typeof ReviewLinkState>

/** A review link as listed: its collection, what it allows and until when; never its secret. */
export const ReviewLink = z.object({
  id: LinkId,
  collection: z.object({ id: z.number().int(), name: z.string() }),
  /** Whether a visitor types a password before seeing anything. */
  password: z.boolean(),
  /** Whether a visitor may download originals and zips of the collection. */
  downloads: z.boolean(),
  expiresAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revoked: z.object({ by: z.string().nullable(), at: z.string() }).nullable(),
  state: ReviewLinkState,
})
export type ReviewLink = z.infer<typeof ReviewLink>

export const reviewLinkChannels = {
  /**
   * Makes a review link to one collection for people without an account (issue 60 point 4): optional expiry (seconds
   * from now) and password, downloads allowed or not. The answer holds the link's secret token and its address: shown
   * this once, only its hash is kept.
   */
  'links:create': {
    input: z
      .object({
        collectionId: CollectionId,
        expiresInSeconds: z.number().int().min(60).max(MAX_EXPIRY_SECONDS).optional(),
        password: z.string().min(4, 'A password must be at least 4 characters.').max(200).optional(),
        downloads: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      link: ReviewLink,
      token: z.string(),
      /** Where the link opens: `/r/<token>` on this library's public address (the path alone when it has none). */
      address: z.string(),
    }),
  },
  /** Every review link, newest first, with whether it still opens. */
  'links:list': {
    input: z.object({ collectionId: CollectionId.optional() }).strict(),
    output: z.object({ links: z.array(ReviewLink) }),
  },
  /**
   * The review link this window was opened by, for its guest view (the collection it shows, whether it downloads);
   * null for a person or a library's own user.
   */
  'links:visiting': {
    input: z.object({}).strict(),
    output: z.object({
      visit: z
        .object({
          collection: z.object({ id: z.number().int(), name: z.string() }),
          downloads: z.boolean(),
          expiresAt: z.string().nullable(),
        })
        .nullable(),
    }),
  },
  /** Revokes a link at once: its open pages stop and every later request of it answers 410. */
  'links:revoke': {
    input: z.object({ id: LinkId }).strict(),
    output: z.object({ link: ReviewLink }),
  },
} as const

/**
 * The name a review link's visitor types (sent as the `x-framevault-guest` header, URI-encoded): shown with their
 * comments and review statuses, marked as a guest.
 */
export const GuestName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'A name is one line of text.')
