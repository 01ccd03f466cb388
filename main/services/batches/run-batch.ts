import { setImmediate as nextTurn } from 'node:timers/promises'
import { z } from 'zod'
import { BatchJob } from '../../../shared/contract'
import type {
  BatchItem,
  BatchItemsCursor,
  BatchOutcome,
  BatchResult,
  BatchTargetRequest,
  BatchWorkRequest,
  JobOf,
  MediaAsset,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { jobHandler, type JobContext } from '../../jobs/job-handler'
import type { Library } from '../library-context'
import { batchStep, type BatchStep, type BatchWork, type StepLibrary } from './batch-step'
import { runBatchOnWorkers } from './batch-on-workers'
import { batchTarget } from './batch-target'

/**
 * Starts an analyzer or processor over many assets as one job (issue 22, point 6). Each asset in turn
 * goes through the single-asset work (cache first: a hit runs no ffmpeg); an asset the work does not
 * fit is skipped with the reason, one that fails fails alone. Each asset's outcome is stored as it
 * ends; progress is assets done of all, with the current asset's name. A cancel stops the asset in
 * flight and keeps the outcomes so far.
 */
export async function startBatch(
  lib: Pick<Library, 'browse' | 'jobs'>,
  request: { work: BatchWorkRequest; target: BatchTargetRequest },
): Promise<JobOf<'batch'>> {
  const step = batchStep(request.work)
  const { ids, target } = await batchTarget(lib, request.target)
  const noun = ids.length === 1 ? 'asset' : 'assets'
  const params: BatchJobParams = { work: step.work, target, total: ids.length, ids }
  return lib.jobs.start('batch', params, { title: `${step.label} of ${ids.length.toLocaleString('en-US')} ${noun}` })
}

// The assets as resolved when the batch was started (a filter's snapshot), in their order.
const BatchJobParams = BatchJob.shape.params.extend({ ids: z.array(z.string()) })
type BatchJobParams = z.infer<typeof BatchJobParams>

/** The batch job's handler: its step is made again from the stored work, its assets are the stored snapshot. */
export const batchHandler = jobHandler({
  kind: 'batch',
  params: BatchJobParams,
  result: BatchJob.shape.result.unwrap(),
  retryable: false,
  runs: 'starter',
  rerunnable: false,
  // It takes no place of its own: in a team library it only follows its assets' jobs, which would never start while
  // every place was held by batches waiting for them; in a library of one's own, a single job asked for meanwhile
  // need not wait for a batch of hundreds to end.
  uncounted: true,
  // The stored work is a request with its defaults filled in: it makes the same plan again.
  run: async (lib: StepLibrary & Pick<Library, 'jobs'>, params, context) => {
    const step = batchStep(params.work as unknown as BatchWorkRequest)
    // What it got through so far is stored should it be cancelled or fail.
    const result: BatchResult = { counts: { ran: 0, cached: 0, failed: 0, cancelled: 0, skipped: 0 } }
    context.keep(result)
    // In a team library whose queue takes the work, each asset is a job for the workers.
    const { kinds } = await lib.jobs.queue()
    const run = kinds.includes(step.work.kind) ? runBatchOnWorkers : runBatch
    await run(lib, context, { ids: params.ids, step, counts: result.counts })
    return result
  },
})

async function runBatch(
  lib: StepLibrary,
  { jobId, signal, progress }: JobContext<BatchResult>,
  { ids, step, counts }: BatchWork,
): Promise<void> {
  const total = ids.length
  for (const [seq, assetId] of ids.entries()) {
    if (signal.aborted) break
    const asset = await lib.catalog.repos.media.get(assetId)
    const name = asset?.name ?? assetId
    const files = (done: number) => ({ files: { done, total } })
    // Which asset of how many, and what it does: "3 of 500 · clip.mp4: analysing".
    const at = `${(seq + 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} · ${name}`
    progress(seq / total, at, files(seq))
    const item = await oneAsset(lib, step, assetId, asset, signal, (fraction, doing) =>
      progress((seq + fraction) / total, `${at}: ${doing}`, files(seq)),
    )
    // The asset in flight when the batch was cancelled has no outcome: its work was cut short.
    if (signal.aborted) break
    await lib.catalog.repos.batchItems.add(jobId, {
      seq,
      assetName: name,
      finishedAt: new Date().toISOString(),
      ...item,
    })
    counts[item.outcome]++
    progress((seq + 1) / total, at, files(seq + 1))
    // Between assets the event loop serves whatever waits (a page of the Library) before the next one.
    await nextTurn()
  }
}

type Outcome = Omit<BatchItem, 'seq' | 'assetName' | 'finishedAt'>

/** One asset's run of the step, as its outcome; never throws (a failure is the asset's outcome). */
async function oneAsset(
  lib: StepLibrary,
  step: BatchStep,
  assetId: string,
  asset: MediaAsset | undefined,
  signal: AbortSignal,
  progress: (fraction: number, doing: string) => void,
): Promise<Outcome> {
  const none = { assetId, analysisId: null, outputAssetId: null, assetJobId: null }
  if (!asset) return { ...none, outcome: 'skipped', message: `No asset ${assetId} in the library (deleted?).` }
  try {
    const misfit = step.misfit(asset)
    if (misfit) return { ...none, outcome: 'skipped', message: misfit }
    const done = await step.run(lib, asset, signal, progress)
    return { ...none, ...done, outcome: done.cached ? 'cached' : 'ran', message: null }
  } catch (error) {
    return { ...none, outcome: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
}

/** A page of a batch job's per-asset outcomes (see BatchItemsRepo.page); not_found for a job that is no batch. */
export async function batchItems(
  lib: Pick<Library, 'jobs' | 'catalog'>,
  query: { jobId: string; outcome?: BatchOutcome; cursor: BatchItemsCursor | null; limit: number },
): Promise<{ items: BatchItem[]; nextCursor: BatchItemsCursor | null }> {
  const job = await lib.jobs.get(query.jobId)
  if (job.kind !== 'batch') throw new AppError('not_found', `Job ${query.jobId} is no batch.`)
  return lib.catalog.repos.batchItems.page(query.jobId, {
    outcome: query.outcome,
    after: query.cursor,
    limit: query.limit,
  })
}
