import { z } from 'zod'
import { AnalyzerName, analysisRequestOf } from './analyses'
import { AssetIds } from './browse'
import { jobOf } from './job-parts'
import { MediaFilter, SearchQuery } from './media-query'
import { ProcessorAction, processingRequestOf } from './processing'

/** What became of one asset of a batch: the work ran, its cached result answered, it failed, or it does not fit the asset. */
export const BatchOutcome = z.enum(['failed', 'cancelled', 'skipped', 'ran', 'cached'])
export type BatchOutcome = z.infer<typeof BatchOutcome>

/** Most per-asset outcomes one `batch:items` answer holds. */
export const MAX_BATCH_ITEMS_PAGE = 1000

/** The work of a batch as asked: an analyzer or a processor with its config (defaults filled in later). */
const BatchWorkRequest = z.union([
  analysisRequestOf({ kind: z.literal('analysis') }),
  processingRequestOf({ kind: z.literal('processing') }),
])
export type BatchWorkRequest = z.infer<typeof BatchWorkRequest>

/** Which assets a batch works on: a selection's ids, or every asset a filter and search leave when it starts. */
const BatchTargetRequest = z.union([
  z.object({ ids: AssetIds }).strict(),
  z.object({ filter: MediaFilter, query: SearchQuery.optional() }).strict(),
])
export type BatchTargetRequest = z.infer<typeof BatchTargetRequest>

/** The work a batch job stores: the analyzer or action, its whole config and that config's hash. */
export const BatchWork = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('analysis'),
    analyzer: AnalyzerName,
    config: z.record(z.string(), z.unknown()),
    configHash: z.string(),
    force: z.boolean(),
  }),
  z.object({
    kind: z.literal('processing'),
    action: ProcessorAction,
    config: z.record(z.string(), z.unknown()),
    configHash: z.string(),
    force: z.boolean(),
  }),
])
export type BatchWork = z.infer<typeof BatchWork>

/** How a batch's assets were given: ids (a selection), or a filter and search resolved when it started. */
export const BatchTarget = z.discriminatedUnion('by', [
  z.object({ by: z.literal('ids') }),
  z.object({ by: z.literal('filter'), filter: MediaFilter, query: z.string().nullable() }),
])
export type BatchTarget = z.infer<typeof BatchTarget>

/** What a batch job stores as its parameters: its work, how its assets were given and how many there are. */
export const BatchParams = z.object({ work: BatchWork, target: BatchTarget, total: z.number().int().nonnegative() })
export type BatchParams = z.infer<typeof BatchParams>

/** How many of a batch's assets reached each outcome. */
export const BatchCounts = z.object({
  ran: z.number().int().nonnegative(),
  cached: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  // Batches stored before a cancelled asset had an outcome of its own counted it as failed.
  cancelled: z.number().int().nonnegative().default(0),
  skipped: z.number().int().nonnegative(),
})
export type BatchCounts = z.infer<typeof BatchCounts>

/** What a batch ends with (or got through before it was cancelled or failed): its outcome counts. */
export const BatchResult = z.object({ counts: BatchCounts })
export type BatchResult = z.infer<typeof BatchResult>

/** An analyzer or processor over many assets as one job. */
export const BatchJob = jobOf('batch', BatchParams, BatchResult)
export type BatchJob = z.infer<typeof BatchJob>

/** One asset's outcome in a batch: what the cached analysis row or the output asset is, or why it failed or was skipped. */
export const BatchItem = z.object({
  seq: z.number().int().nonnegative(),
  assetId: z.string(),
  /** The asset's name when the batch reached it. */
  assetName: z.string(),
  outcome: BatchOutcome,
  message: z.string().nullable(),
  finishedAt: z.string(),
  analysisId: z.number().int().nullable(),
  outputAssetId: z.string().nullable(),
  /**
   * The asset's own job, when the batch gave each asset one (a team library's workers): a retry of it is the asset's
   * latest attempt, which this outcome follows. Null for an asset the batch ran itself or skipped.
   */
  assetJobId: z.string().nullable(),
})
export type BatchItem = z.infer<typeof BatchItem>

/** The last outcome of a `batch:items` page; the next page starts after it (failures first, then cancelled, skipped, ran, cached). */
export const BatchItemsCursor = z
  .object({ outcome: BatchOutcome, seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) })
  .strict()
export type BatchItemsCursor = z.infer<typeof BatchItemsCursor>

export const batchChannels = {
  /**
   * Starts an analyzer or a processor over a selection (ids) or over every asset a filter and search
   * leave (resolved now: later imports do not join) as one job; each asset is cached-first, and one
   * that does not fit the work is skipped, one that fails fails alone. Outcomes: `batch:items`.
   */
  'batch:run': {
    input: z.object({ work: BatchWorkRequest, target: BatchTargetRequest }).strict(),
    output: z.object({ job: BatchJob }),
  },
  /** A page of a batch's per-asset outcomes (one outcome's only, when asked): failures first, then cancelled, skipped, ran, cached. */
  'batch:items': {
    input: z
      .object({
        jobId: z.uuid(),
        outcome: BatchOutcome.optional(),
        cursor: BatchItemsCursor.nullable().default(null),
        limit: z.number().int().min(1).max(MAX_BATCH_ITEMS_PAGE).default(200),
      })
      .strict(),
    output: z.object({ items: z.array(BatchItem), nextCursor: BatchItemsCursor.nullable() }),
  },
} as const
