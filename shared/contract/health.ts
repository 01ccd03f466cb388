import { z } from 'zod'
import { AssetIds } from './browse'
import { AbsolutePath, ImportJobState } from './media'

const MAX_LISTED = 10_000
const Count = z.number().int().nonnegative()

/** A verify (re-hash every asset's file) or a relink (find moved linked files in a folder). */
export const HealthJobKind = z.enum(['verify', 'relink'])
export type HealthJobKind = z.infer<typeof HealthJobKind>

/**
 * What a health job found for one asset. Verify: `ok`, `changed`, `missing`, `failed` (could not
 * be read), `skipped` (no SHA-256 recorded to compare with). Relink: `relinked` (now points at
 * `newPath`), `missing` (still missing), `copied` (a copied asset: its library file cannot be
 * found by folder), `present` (its file is where it was recorded), `failed`.
 */
export const HealthOutcome = z.enum(['ok', 'changed', 'missing', 'failed', 'skipped', 'relinked', 'copied', 'present'])
export type HealthOutcome = z.infer<typeof HealthOutcome>

/** How many assets reached each outcome. */
export const HealthCounts = z.object({
  ok: Count,
  changed: Count,
  missing: Count,
  failed: Count,
  skipped: Count,
  relinked: Count,
  copied: Count,
  present: Count,
})
export type HealthCounts = z.infer<typeof HealthCounts>

/** One asset's result in a health job; `ok` results are counted, not listed. */
export const HealthItem = z.object({
  id: z.string(),
  name: z.string(),
  /** The file path as recorded when the job looked (relative to the library for copied assets). */
  path: z.string(),
  outcome: HealthOutcome,
  reason: z.string().nullable(),
  /** Where a relinked asset points now. */
  newPath: z.string().nullable(),
})
export type HealthItem = z.infer<typeof HealthItem>

/**
 * A verify or relink job. Jobs live in the memory of the process that runs them (a restart
 * forgets them); their results are stored on the assets (`health`, `verifiedAt`, relinked paths).
 */
export const HealthJob = z.object({
  id: z.string(),
  kind: HealthJobKind,
  state: ImportJobState,
  /** The folder a relink searches; null for verify. */
  folder: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  filesTotal: Count.nullable(),
  bytesTotal: Count.nullable(),
  filesDone: Count,
  bytesDone: Count,
  counts: HealthCounts,
  error: z.string().nullable(),
})
export type HealthJob = z.infer<typeof HealthJob>

/** Live progress of a running health job; sent as events at most every 100 ms, never stored. */
export const HealthProgress = z.object({
  jobId: z.string(),
  kind: HealthJobKind,
  filesDone: Count,
  filesTotal: Count.nullable(),
  bytesDone: Count,
  bytesTotal: Count.nullable(),
  current: z.string().nullable(),
})
export type HealthProgress = z.infer<typeof HealthProgress>

/** An asset flagged by a check, for the health report. */
export const FlaggedAsset = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  storage: z.enum(['copy', 'link']),
  /** When the flag was set. */
  since: z.string().nullable(),
})
export type FlaggedAsset = z.infer<typeof FlaggedAsset>

/** The library's health as stored: counts, and the flagged assets (first `limit` of each, by id). */
export const HealthReport = z.object({
  counts: z.object({
    total: Count,
    missing: Count,
    changed: Count,
  }),
  missing: z.array(FlaggedAsset),
  changed: z.array(FlaggedAsset),
})
export type HealthReport = z.infer<typeof HealthReport>

const Listed = z.number().int().min(1).max(MAX_LISTED).default(1000)

export const healthChannels = {
  /** Starts re-hashing the files of `ids` (every asset when absent); progress: `health:progress`. */
  'health:verify': {
    input: z.object({ ids: AssetIds.optional() }).strict(),
    output: z.object({ job: HealthJob }),
  },
  /** Starts looking in `folder` (recursively) for the moved files of missing linked assets (`ids`, or all). */
  'health:relink': {
    input: z.object({ folder: AbsolutePath, ids: AssetIds.optional() }).strict(),
    output: z.object({ job: HealthJob }),
  },
  /** Cancels a queued or running health job and waits until it has stopped; results so far stay. */
  'health:cancel': { input: z.object({ jobId: z.uuid() }).strict(), output: z.object({ job: HealthJob }) },
  /** One health job with its listed results (all but `ok`, first `limit`). */
  'health:get': {
    input: z.object({ jobId: z.uuid(), limit: Listed }).strict(),
    output: z.object({ job: HealthJob, items: z.array(HealthItem) }),
  },
  /** The health jobs this process ran or runs, newest first. */
  'health:list': { input: z.object({}).strict(), output: z.object({ jobs: z.array(HealthJob) }) },
  /** Counts and lists of the assets flagged missing or changed. */
  'health:report': { input: z.object({ limit: Listed }).strict(), output: HealthReport },
} as const

export const healthEvents = {
  /** Files and bytes done of a running verify or relink, and the file being worked on. */
  'health:progress': HealthProgress,
  /** A health job changed state. */
  'health:updated': z.object({ job: HealthJob }),
} as const
