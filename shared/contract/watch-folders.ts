import { z } from 'zod'
import { AbsolutePath } from './media'

const FolderId = z.number().int().positive()

/** A watched folder as the watcher keeps it. */
export const WatchFolder = z.object({
  id: FolderId,
  path: z.string(),
  /** copy: files are copied into the library; link: they stay where they are. */
  mode: z.enum(['copy', 'link']),
  paused: z.boolean(),
  createdAt: z.string(),
  /** Files of the folder handed to an import so far. */
  files: z.number().int().nonnegative(),
  /** Why nothing is imported from it now (the folder is missing, or has become a link), in words; null when all is well. */
  problem: z.string().nullable(),
})
export type WatchFolder = z.infer<typeof WatchFolder>

/**
 * What the watcher did: a file waited for, imported, found a duplicate, failed; a folder paused, resumed,
 * missing, refused (there, but not watched: it has become a link) or found again after one of those two.
 */
export const WatchEvent = z.object({
  id: z.number().int(),
  folderId: FolderId,
  at: z.string(),
  kind: z.enum([
    'added',
    'waiting',
    'imported',
    'duplicate',
    'failed',
    'paused',
    'resumed',
    'missing',
    'refused',
    'found',
  ]),
  path: z.string().nullable(),
  detail: z.string().nullable(),
})
export type WatchEvent = z.infer<typeof WatchEvent>

export const watchFolderChannels = {
  /** The watched folders. */
  'watch:list': { input: z.object({}).strict(), output: z.object({ folders: z.array(WatchFolder) }) },
  /** Watches a folder (it must exist and be one this host may import from); its files present now are imported too. */
  'watch:add': {
    input: z.object({ path: AbsolutePath, mode: z.enum(['copy', 'link']).default('copy') }).strict(),
    output: z.object({ folder: WatchFolder }),
  },
  /** Stops watching a folder (what it imported stays). */
  'watch:remove': { input: z.object({ id: FolderId }).strict(), output: z.object({ removed: z.boolean() }) },
  /** Pauses or resumes a folder. */
  'watch:pause': {
    input: z.object({ id: FolderId, paused: z.boolean() }).strict(),
    output: z.object({ folder: WatchFolder }),
  },
  /** The newest events, of one folder when asked, newest first. */
  'watch:events': {
    input: z.object({ folderId: FolderId.optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ events: z.array(WatchEvent) }),
  },
} as const
