import { z } from 'zod'
import { ReviewStatus } from './review-status'

const EntryId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/** What reached a person: an @mention of them, a reply to their comment, a review status set on their asset. */
export const InboxKind = z.enum(['mention', 'reply', 'status'])
export type InboxKind = z.infer<typeof InboxKind>

/** One entry of a person's inbox: what happened, on which asset, by whom and when, read or not. */
export const InboxEntry = z.object({
  id: z.number().int(),
  kind: InboxKind,
  asset: z.object({ id: z.string(), name: z.string() }),
  /** The comment it is about (the one a status change carried), with its words and time; null for none. */
  comment: z.object({ id: z.number().int(), body: z.string(), at: z.number().nullable() }).nullable(),
  /** The status set (a status change). */
  status: ReviewStatus.nullable(),
  /** Who did it, by name (a guest of a review link by the name they typed). */
  by: z.string(),
  at: z.string(),
  read: z.boolean(),
})
export type InboxEntry = z.infer<typeof InboxEntry>

const Unread = z.object({ unread: z.number().int().nonnegative() })

export const inboxChannels = {
  /**
   * The signed-in person's inbox, newest first (older than `before` when given), with how many they have not read
   * and where the next (older) page starts; only entries on assets they may see. Empty where nobody signs in.
   */
  'inbox:list': {
    input: z.object({ before: EntryId.optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: Unread.extend({ entries: z.array(InboxEntry), next: z.number().int().nullable() }),
  },
  /** Marks these entries of the signed-in person's inbox read. */
  'inbox:read': {
    input: z.object({ ids: z.array(EntryId).min(1).max(500) }).strict(),
    output: Unread,
  },
  /** Marks read every entry up to `upTo` (the newest shown): what arrived since stays unread. */
  'inbox:read-all': {
    input: z.object({ upTo: EntryId }).strict(),
    output: Unread,
  },
} as const
