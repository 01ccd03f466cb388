import { z } from 'zod'
import { Topic } from './topics'

/**
 * The tables whose changes clients hear of (`library:changed`). The database notes a write to any
 * of them by triggers (main/db/schema/change-triggers.ts); tables nobody listens to are left out, and so
 * is `jobs`: a job's changes are told by `job:updated`, and an import's by its assets' tables.
 */
export const ChangeTopic = z.enum([
  'library_meta',
  'videos',
  'videos_fts',
  'tags',
  'asset_tags',
  'collections',
  'collection_items',
  'trash_batches',
  'trash_entries',
  'import_items',
  'video_generation',
  'workflows',
  'workflow_executions',
  'workflow_videos',
  'frame_hashes',
  'similar_dismissed',
  'near_duplicate_assets',
  'stack_members',
  'asset_screen_text',
  'subtitle_tracks',
  'timelines',
  'timeline_frames',
  'checkpoints',
  'checkpoint_outputs',
  'stage_outputs',
  'pipeline_runs',
  'saved_searches',
  'watch_folders',
  'watch_files',
  'watch_events',
  // Who a collection is shared with: what a person limited to shared collections sees.
  'collection_shares',
  // Who may use the library: an event stream asks again whether its reader still may, and with which role.
  'people',
  'access_tokens',
  'comments',
  'comment_mentions',
  'asset_reviews',
  // What reached each person: their inbox's badge and list.
  'inbox_entries',
  // Review links: a link's event streams ask again whether it still opens (revoked links end at once).
  'review_links',
])
export type ChangeTopic = z.infer<typeof ChangeTopic>

/** A position in the library's change log: every change gets the next one, shared by every process on the library. */
export const ChangeSeq = z.number().int().nonnegative()

/**
 * One change of the library: the tables it touched (for the server's own processes), the topics of those tables
 * (what a client follows, main/db/change-topics.ts) and its place in the log.
 */
export const LibraryChanged = z.object({ tables: z.array(ChangeTopic), topics: z.array(Topic), seq: ChangeSeq })
export type LibraryChanged = z.infer<typeof LibraryChanged>

export const changeChannels = {
  /** The newest sequence of the change log: a client reads it before anything else and asks for what came after. */
  'events:cursor': { input: z.object({}).strict(), output: z.object({ seq: ChangeSeq }) },
  /**
   * Every change after `since`, oldest first; `missed` when the log no longer holds them all (the
   * client reads everything again).
   */
  'events:since': {
    input: z.object({ since: ChangeSeq }).strict(),
    output: z.object({ changes: z.array(LibraryChanged), missed: z.boolean() }),
  },
} as const

/**
 * Whether a team library's catalogue serves: away while its PostgreSQL restarts or cannot be reached (calls are
 * answered 503 meanwhile), back once it answers (a client then reads what it shows again). `message` says so in words.
 */
export const CatalogueStatus = z.object({ available: z.boolean(), message: z.string() })
export type CatalogueStatus = z.infer<typeof CatalogueStatus>

export const changeEvents = {
  /** Changes the client had not heard of are no longer in the log: it reads everything again. */
  'events:reload': z.object({ seq: ChangeSeq }),
  /** A hub's catalogue went away or came back. */
  'catalogue:status': CatalogueStatus,
} as const
