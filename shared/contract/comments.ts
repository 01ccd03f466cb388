import { z } from 'zod'
import { AssetId } from './media'

const CommentId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
/** A time in a video or audio, in seconds from its start. */
const Seconds = z.number().finite().min(0).max(10_000_000)
const Fraction = z.number().finite().min(0).max(1)
// A region's edges are sums of fractions: allow for the rounding of x + w.
const EDGE = 1 + 1e-9

/** What a comment says: trimmed, 1–5,000 characters (lines allowed). */
export const CommentBody = z
  .string()
  .trim()
  .min(1, 'A comment must not be empty.')
  .max(5000, 'A comment must be at most 5,000 characters.')

/** A region of the picture, as fractions of its width and height from its top left corner. */
export const CommentRegion = z
  .object({ x: Fraction, y: Fraction, w: Fraction.gt(0), h: Fraction.gt(0) })
  .strict()
  .refine(
    (r) => r.x + r.w <= EDGE && r.y + r.h <= EDGE,
    'A region must lie within the picture (x + w and y + h at most 1).',
  )
export type CommentRegion = z.infer<typeof CommentRegion>

/**
 * Where a comment is pinned: a time (`at`), a range (`at` to `end`), a region of the picture (optionally at a time,
 * a paused frame), or nowhere (the asset as a whole).
 */
const Pin = z.object({ at: Seconds.optional(), end: Seconds.optional(), region: CommentRegion.optional() })

/** One comment as shown: which asset it is on (a stack's member says which), who wrote it, where it is pinned. */
export const Comment = z.object({
  id: z.number().int(),
  asset: z.object({ id: z.string(), name: z.string() }),
  /** The comment this one replies to; null for a comment that starts a thread. */
  parentId: z.number().int().nullable(),
  /** The person who wrote it (id null on a library of one user, and for a guest of a review link). */
  author: z.object({ id: z.number().int().nullable(), name: z.string(), guest: z.boolean() }),
  /** Empty once deleted. */
  body: z.string(),
  at: z.number().nullable(),
  end: z.number().nullable(),
  region: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
  /** The people it @mentions, by the names they had then. */
  mentions: z.array(z.object({ id: z.number().int(), name: z.string() })),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  resolved: z.object({ by: z.string(), at: z.string() }).nullable(),
  /** Who deleted it and when: a deleted comment is listed only while replies to it are there. */
  deleted: z.object({ by: z.string(), at: z.string() }).nullable(),
})
export type Comment = z.infer<typeof Comment>

export const commentChannels = {
  /**
   * The comments on an asset and on the other assets of its stack (each says which asset it is on): each thread
   * oldest first, its replies after it.
   */
  'comments:list': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.object({ comments: z.array(Comment) }),
  },
  /**
   * Comments on an asset, pinned where `at`/`end`/`region` say, or replies to `replyTo` (a comment that starts a
   * thread, on the same asset); @Name mentions the person of that name.
   */
  'comments:add': {
    input: Pin.extend({ assetId: AssetId, body: CommentBody, replyTo: CommentId.optional() })
      .strict()
      .refine((pin) => pin.end === undefined || (pin.at !== undefined && pin.end > pin.at), {
        message: 'A range needs `at` before its `end`.',
        path: ['end'],
      }),
    output: z.object({ comment: Comment }),
  },
  /** Gives one's own comment new words (its mentions follow them); a deleted comment is not_found. */
  'comments:edit': {
    input: z.object({ id: CommentId, body: CommentBody }).strict(),
    output: z.object({ comment: Comment }),
  },
  /** Deletes one's own comment (an admin any): its words go, who deleted it stays while replies to it are there. */
  'comments:delete': {
    input: z.object({ id: CommentId }).strict(),
    output: z.object({ comment: Comment }),
  },
  /** Marks a thread resolved (or, with `resolved: false`, open again). */
  'comments:resolve': {
    input: z.object({ id: CommentId, resolved: z.boolean().default(true) }).strict(),
    output: z.object({ comment: Comment }),
  },
} as const
