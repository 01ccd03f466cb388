import { z } from 'zod'
import { AssetIds } from './browse'
import { jobOf, JobKind, Tally } from './job-parts'
import { AbsolutePath } from './media'

const MAX_LISTED = 10_000
/** Results a verify or relink lists in its stored result; the rest are counted (and stored on the assets). */
export const HEALTH_ITEMS_LISTED = 1000
const Count = z.number().int().nonnegative()

/** The health jobs: a verify (re-hash every asset's file) or a relink (find moved linked files in a folder). */
export const HealthJobKind = JobKind.extract(['verify', 'relink'])
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

/** The parameters a verify or relink job stores: the folder a relink searches (null for verify). */
export const HealthParams = z.object({ folder: z.string().nullable() })
export type HealthParams = z.infer<typeof HealthParams>

/**
 * What a verify or relink job stores as its result (also when cancelled or failed: what it found
 * so far): the files and bytes it went through, how many assets reached each outcome, and the
 * results other than `ok`, the first `HEALTH_ITEMS_LISTED` of them (`unlisted` counts the rest).
 */
export const HealthResult = z.object({
  files: Tally,
  bytes: Tally,
  counts: HealthCounts,
  items: z.array(HealthItem).max(HEALTH_ITEMS_LISTED),
  unlisted: Count,
})
export type HealthResult = z.infer<typeof HealthResult>

/** A verify of assets' files as a job. */
export const VerifyJob = jobOf('verify', HealthParams, HealthResult)

/** A relink of moved linked files as a job. */
export const RelinkJob = jobOf('relink', HealthParams, HealthResult)

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
  /**
   * Starts re-hashing the files of `ids` (every asset when absent) as a `verify` job: the job
   * channels and events follow it (`jobs:*`, `job:updated`, `job:progress`); its result is a `HealthResult`.
   */
  'health:verify': {
    input: z.object({ ids: AssetIds.optional() }).strict(),
    output: z.object({ job: VerifyJob }),
  },
  /** Starts a `relink` job looking in `folder` (recursively) for the moved files of missing linked assets (`ids`, or all). */
  'health:relink': {
    input: z.object({ folder: AbsolutePath, ids: AssetIds.optional() }).strict(),
    output: z.object({ job: RelinkJob }),
  },
  /** Counts and lists of the assets flagged missing or changed. */
  'health:report': { input: z.object({ limit: Listed }).strict(), output: HealthReport },
} as const
