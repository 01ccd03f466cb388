import { z } from 'zod'
import { eachOnce } from './each-once'
import { AssetFieldVersions } from './edit-versions'
import { ImportItemsCursor, ImportItemsQuery } from './import-items'
import {
  AssetRef,
  ImportCounts,
  ImportItem,
  ImportJob,
  ImportKindJob,
  ImportParams,
  ImportProgress,
  ImportResult,
} from './import-job'
import { JobState } from './job-parts'
import { AssetHealth, MAX_PAGE, MediaCursor, MediaFilter, MediaSort, MediaType, SearchQuery } from './media-query'
import { nameText } from './name-text'

const MAX_PATHS_PER_IMPORT = 10_000
/** Frames in every sprite sheet (tiled horizontally), for hover-scrubbing. */
export const SPRITE_FRAMES = 10

/** An asset's id, as channels take it. */
export const AssetId = z.string().min(1).max(64)

/** A file's SHA-256 as assets record it: "sha256:" and 64 hex digits. */
export const ContentHash = z
  .string()
  .length(71)
  .regex(/^sha256:[0-9a-f]{64}$/, 'A content hash is "sha256:" and 64 hex digits.')

export { MediaType } from './media-query'

/** Asset status codes of the original media manager (4 and 5 are reserved there). */
export const MEDIA_STATUS = { new: 1, processing: 2, processed: 3, error: 6 } as const

/**
 * Why an asset matched a search (issue 37 point 8): the field that held a hit (its name, folder path, tags, notes,
 * the prompt that made it, words read on its frames, its subtitles, its comments) and a short passage of it, the hits
 * marked.
 */
export const SearchMatch = z.object({
  field: z.enum(['name', 'path', 'tags', 'notes', 'prompt', 'screen', 'subtitles', 'comment']),
  parts: z.array(z.object({ text: z.string(), hit: z.boolean() })),
  /**
   * Words on screen: seconds into the asset of the first frame a hit word was read on, when known. Subtitles: the
   * start of the first cue with a hit word (the passage is that cue's text).
   */
  at: z.number().nonnegative().optional(),
})
export type SearchMatch = z.infer<typeof SearchMatch>

/** One row of the `videos` table (videos, images and audio alike), as the UI sees it. */
export const MediaAsset = z.object({
  id: z.string(),
  name: z.string(),
  filePath: z.string(),
  fileHash: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  durationSeconds: z.number().nullable(),
  resolution: z.string().nullable(),
  aspectRatio: z.string().nullable(),
  codec: z.string().nullable(),
  fps: z.number().nullable(),
  sourceType: z.string(),
  createdAt: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  mediaType: MediaType,
  status: z.number().int(),
  error: z.string().nullable(),
  importedBy: z.string().nullable(),
  originalPath: z.string().nullable(),
  importedAt: z.string().nullable(),
  storage: z.enum(['copy', 'link']),
  /** 0 (unrated) to 5. */
  rating: z.number().int().min(0).max(5),
  notes: z.string().nullable(),
  /** What the last check found (see `health:verify`); null when fine or never checked. */
  health: AssetHealth.nullable(),
  /** When a verify last found the file whole and matching its SHA-256; null when never. */
  verifiedAt: z.string().nullable(),
  /** How many files stand under this asset's card: set by `media:list` on the heads of stacks when it collapses them. */
  stackSize: z.number().int().positive().optional(),
  /** Why it matched: set by `media:list` on each asset of a page when the request has a search text. */
  matched: SearchMatch.optional(),
})
export type MediaAsset = z.infer<typeof MediaAsset>

/**
 * An asset as a card or a row of the browse lists shows it: `media:list`'s items unless it is asked for the whole
 * records (`view: 'full'`); `media:get` has the rest. `codecName` is the codec as people say it ("H.264"), which the
 * whole record leaves to its `metadata`.
 */
export const MediaListItem = MediaAsset.pick({
  id: true,
  name: true,
  sizeBytes: true,
  durationSeconds: true,
  resolution: true,
  codec: true,
  mediaType: true,
  error: true,
  importedAt: true,
  importedBy: true,
  rating: true,
  health: true,
  stackSize: true,
  matched: true,
}).extend({ codecName: z.string().nullable() })
export type MediaListItem = z.infer<typeof MediaListItem>

/** What `media:list` answers each asset with: a list item (cards and rows), or the whole record (scripts). */
export const MediaListView = z.enum(['card', 'full'])
export type MediaListView = z.infer<typeof MediaListView>

/** A collection an asset is in, as `media:get` lists them (here, not in collections.ts, which imports this file). */
export const CollectionRef = z.object({ id: z.number().int(), name: z.string() })
export type CollectionRef = z.infer<typeof CollectionRef>

// The import job's schemas live in import-job.ts; channels here and elsewhere read them from this file as before.
export { AssetRef, ImportCounts, ImportItem, ImportJob, ImportKindJob, ImportParams, ImportProgress, ImportResult }

/**
 * An absolute path, POSIX or Windows style; the host checks it against its own platform. NUL cannot
 * be in a file name and Node throws a non-I/O error on it, so it is refused here.
 */
export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'Paths must be absolute.')
  .refine((p) => !p.includes('\0'), 'Paths must not contain NUL characters.')

/** A file's name as uploaded: the rules of any name (no control or direction characters), at most 255 characters. */
const UploadName = nameText('The file name', 255)

/** A file uploaded to the web host, waiting to be imported. */
export const UploadRef = z.object({ uploadId: z.uuid(), name: UploadName }).strict()

/**
 * Where an upload was first imported, given by a push from a person's library (issue 64 point 2): when, from which
 * path and on which machine. The hub's asset keeps these as its provenance rather than its own import's.
 */
export const UploadProvenance = z
  .object({
    importedAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/, 'Use an ISO time.'),
    originalPath: AbsolutePath.nullable(),
    machine: z.string().trim().min(1).max(255).nullable(),
  })
  .strict()
export type UploadProvenance = z.infer<typeof UploadProvenance>

/** Query of the web host's `POST /upload`: the original file name. */
export const UploadQuery = z.object({ name: UploadName }).strict()

const ByteCount = z
  .string()
  .regex(/^\d{1,16}$/, 'A byte count is a whole number.')
  .transform(Number)

/**
 * Query of a resumable `POST /upload`: the file name, its content, the byte this request sends from and the file's
 * size; `GET /upload?sha256=…` answers how many bytes of it the host holds (see docs/web-host-api.md).
 */
export const ResumableUploadQuery = UploadQuery.extend({ sha256: ContentHash, offset: ByteCount, size: ByteCount })
export const ResumableProbeQuery = z.object({ sha256: ContentHash }).strict()

/** A file dropped onto an asset that turned out to be its duplicate. */
export const DroppedDuplicate = z.object({
  jobId: z.string(),
  path: z.string(),
  name: z.string(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  /** When the import reached this file. */
  at: z.string(),
  importedBy: z.string(),
})

/**
 * The processing run that made an asset: the processor (`action`) and the config it ran with, as recorded
 * (a plugin's run may hold any JSON), its input file and the asset that file is (id and name null when it is
 * no longer in the library: a library copy's path is named by its content, not by the name people knew), and
 * when it ran.
 */
export const ProcessingStep = z.object({
  jobId: z.string(),
  action: z.string(),
  parameters: z.unknown(),
  /** ISO 8601. */
  ranAt: z.string(),
  input: z.object({ path: z.string(), assetId: z.string().nullable(), name: z.string().nullable() }),
  /** Later runs that gave the same file: the same bytes made again, or a cached answer for another input. */
  otherRuns: z.number().int().nonnegative(),
})
export type ProcessingStep = z.infer<typeof ProcessingStep>

/** An asset's provenance; `duplicates` lists the newest few, `more` counts the rest. */
export const Provenance = z.object({
  id: z.string(),
  originalPath: z.string().nullable(),
  /** The machine the original path is on, when a push brought the file from there; null when this one's. */
  originalMachine: z.string().nullable(),
  importedAt: z.string().nullable(),
  importedBy: z.string().nullable(),
  storage: z.enum(['copy', 'link']),
  /** The file the asset plays from: in the library for a copy, the original for a link. */
  filePath: z.string(),
  /** A copy's path inside the library folder; null for a link. */
  libraryPath: z.string().nullable(),
  sampledId: z.string().nullable(),
  sha256: z.string().nullable(),
  /**
   * The import job that created the asset; null when none recorded it. `processing`: the import that
   * stored a processing run's output (it arrives as an upload of the library's own temp file).
   */
  job: z
    .object({
      id: z.string(),
      source: z.enum(['paths', 'upload', 'processing']),
      link: z.boolean(),
      createdAt: z.string(),
      state: JobState,
    })
    .nullable(),
  /** The processing run that made the asset; null when no recorded run did. */
  processing: ProcessingStep.nullable(),
  duplicates: z.object({
    items: z.array(DroppedDuplicate),
    total: z.number().int().nonnegative(),
    more: z.number().int().nonnegative(),
  }),
})
export type Provenance = z.infer<typeof Provenance>

export const mediaChannels = {
  /** Imports files and folders (recursively) by path; copies into the library unless `link`. */
  'media:import': {
    input: z
      .object({ paths: z.array(AbsolutePath).min(1).max(MAX_PATHS_PER_IMPORT), link: z.boolean().default(false) })
      .strict(),
    output: z.object({ job: ImportJob }),
  },
  /** Imports files uploaded to the web host with `POST /upload`, each with where it was first imported when known. */
  'media:import-uploads': {
    input: z
      .object({
        uploads: z
          .array(UploadRef.extend({ provenance: UploadProvenance.optional() }).strict())
          .min(1)
          .max(MAX_PATHS_PER_IMPORT)
          .superRefine(eachOnce((ref) => ref.uploadId, 'Each upload may be given once.', 'uploadId')),
      })
      .strict(),
    output: z.object({ job: ImportJob }),
  },
  /**
   * A keyset page of the assets that match `query` (full text) and `filter`, in `sort` order
   * (default: newest import first); pass `nextCursor` back with the same sort for the next page. Items are list
   * items (what a card or row shows) unless `view` is `full` (the whole records, as `media:get` has them).
   */
  'media:list': {
    input: z
      .object({
        limit: z.number().int().min(1).max(MAX_PAGE).default(100),
        cursor: MediaCursor.nullable().default(null),
        query: SearchQuery.optional(),
        filter: MediaFilter.optional(),
        sort: MediaSort.optional(),
        view: MediaListView.default('card'),
      })
      .strict(),
    // Strict list items: a whole record that leaves the contract is refused, not cut down to a list item.
    output: z.object({
      items: z.array(z.union([MediaAsset, MediaListItem.strict()])),
      nextCursor: MediaCursor.nullable(),
    }),
  },
  /**
   * Which of these contents the library holds, and as which asset: what a push need not send again. A content
   * no asset holds is left out.
   */
  'media:held': {
    input: z.object({ hashes: z.array(ContentHash).min(1).max(500) }).strict(),
    output: z.object({ assets: z.array(z.object({ hash: ContentHash, id: AssetId })) }),
  },
  /** One asset by id, with its tags, the collections it is in and the versions of its editable fields. */
  'media:get': {
    input: z.object({ id: AssetId }).strict(),
    output: MediaAsset.extend({
      tags: z.array(z.string()),
      collections: z.array(CollectionRef),
      versions: AssetFieldVersions,
    }),
  },
  /**
   * Where an asset came from: original path, import (when, by whom, which job), the processing run that
   * made it, copy or link, content ids, dropped duplicates.
   */
  'media:provenance': {
    input: z.object({ id: AssetId }).strict(),
    output: Provenance,
  },
  /** Shows an asset's file in the OS file manager (Electron); `unsupported` under other hosts. */
  'media:reveal': {
    input: z.object({ id: AssetId }).strict(),
    output: z.object({ id: z.string(), path: z.string() }),
  },
  /** Recent import jobs, newest first. */
  'import:list': {
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    output: z.object({ jobs: z.array(ImportJob) }),
  },
  /**
   * One import job with a page of its per-file outcomes (all of one `outcome`, if given):
   * failures first, then duplicates, then imported files, each in file order; pass
   * `nextCursor` back as `after` for the next page.
   */
  'import:get': {
    input: ImportItemsQuery,
    output: z.object({ job: ImportJob, items: z.array(ImportItem), nextCursor: ImportItemsCursor.nullable() }),
  },
  /** Cancels a queued or running import; files already imported stay. */
  'import:cancel': { input: z.object({ jobId: z.uuid() }).strict(), output: z.object({ job: ImportJob }) },
} as const

export const mediaEvents = {
  /** Files and bytes done of a running import, and the file being worked on. */
  'import:progress': ImportProgress,
  /** An import changed state or finished a file (`item`). */
  'import:updated': z.object({ job: ImportJob, item: ImportItem.nullable() }),
  /** Thumbnails of an asset were written (or failed: `error`). */
  'media:thumbnails': z.object({
    id: z.string(),
    poster: z.boolean(),
    sprite: z.boolean(),
    error: z.string().nullable(),
  }),
} as const
