import { z } from 'zod'
import { jobOf } from './job-parts'

const Count = z.number().int().nonnegative()
// Items a preview names one by one; the rest are counted.
export const PUSH_PREVIEW_LISTED = 200

/** Which of the library's collections go: every one, none, or those named. */
export const PushCollections = z.union([
  z.enum(['all', 'none']),
  z.array(z.string().trim().min(1).max(200)).min(1).max(200),
])

/**
 * "Send to team library…": the team library's address and the person's token (as "Open team library…" asks for them),
 * and which collections go.
 */
export const PushRequest = z
  .object({
    address: z.string().trim().min(1).max(2_000),
    token: z.string().trim().min(1).max(500),
    collections: PushCollections.default('all'),
  })
  .strict()
export type PushRequest = z.infer<typeof PushRequest>

/** Something a push does not send, with why ("deleted on the hub by Ada on 2026-11-27: not sent"). */
export const PushSkipped = z.object({
  kind: z.enum(['asset', 'tag', 'member', 'collection']),
  name: z.string(),
  reason: z.string(),
})

/** What sending the library would do, changing nothing: the preview of "Send to team library…". */
export const PushPreview = z.object({
  /** The team library's address (its origin) and the name it goes by there. */
  origin: z.string(),
  library: z.string(),
  assets: Count,
  /** Files to send (the first few named), and those on the hub already. */
  send: Count,
  sendNames: z.array(z.string()).max(PUSH_PREVIEW_LISTED),
  alreadyThere: Count,
  /** Assets that cannot go, with why (no content hash, their file unreadable). */
  failed: z.array(z.object({ name: z.string(), reason: z.string() })).max(PUSH_PREVIEW_LISTED),
  tags: Count,
  places: Count,
  /** Collections it would make there, and those that would go up under another name as the hub has one of theirs. */
  collectionsMade: z.array(z.string()).max(PUSH_PREVIEW_LISTED),
  renamed: z.array(z.object({ name: z.string(), as: z.string() })).max(PUSH_PREVIEW_LISTED),
  /** What it would skip, as removed on the hub (the first few), and how many in all. */
  skipped: z.array(PushSkipped).max(PUSH_PREVIEW_LISTED),
  skippedCount: Count,
})
export type PushPreview = z.infer<typeof PushPreview>

/** A push's job: where it sends (never the token) and which collections. */
export const PushParams = z.object({ origin: z.string(), collections: PushCollections })

/** How a push ended: what it sent, found there, could not send and skipped, and its summary in words. */
export const PushResult = z.object({
  assets: Count,
  sent: Count,
  alreadyThere: Count,
  failed: Count,
  skipped: Count,
  summary: z.string(),
})
export type PushResult = z.infer<typeof PushResult>

export const PushJob = jobOf('push', PushParams, PushResult)

export const pushChannels = {
  /**
   * What sending this library (a person's own) to a team library would do: the files, tags and collection places it
   * would add, and what it would skip as deleted or removed there, with who and when. Changes nothing.
   */
  'push:preview': { input: PushRequest, output: PushPreview },
  /** Sends this library to a team library as a job (progress, cancel); run again, it sends only what is new. */
  'push:start': { input: PushRequest, output: z.object({ job: PushJob }) },
}
