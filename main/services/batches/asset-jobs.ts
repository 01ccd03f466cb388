import type { Job, JobKind } from '../../../shared/contract'
import type { BatchItemEnd } from '../../db/repos/batch-items'
import type { Library } from '../library-context'

// The kinds of the jobs a batch gives its assets on a team library's workers (batch-step.ts's `start`).
const ASSET_JOB_KINDS: ReadonlySet<JobKind> = new Set(['analysis', 'processing'])

/** How an asset's own job of a batch ended, as the asset's outcome in the batch, at the job's end. */
export function assetJobEnd(job: Job): BatchItemEnd {
  const finishedAt = job.finishedAt ?? new Date().toISOString()
  const none = { analysisId: null, outputAssetId: null, finishedAt }
  if (job.state === 'done') {
    const { cached, ...made } = madeBy(job)
    return { ...made, finishedAt, outcome: cached ? 'cached' : 'ran', message: null }
  }
  // A person cancelled this asset's job on purpose: that is no failure of the work.
  if (job.state === 'cancelled') {
    return {
      ...none,
      outcome: 'cancelled',
      message: job.cancelledBy ? `Cancelled by ${job.cancelledBy}.` : 'Cancelled.',
    }
  }
  return { ...none, outcome: 'failed', message: job.error ?? 'It failed.' }
}

/** What a done analysis or processing job made: a cache hit or a run, and the analysis row or output asset it left. */
function madeBy(job: Job): { cached: boolean; analysisId: number | null; outputAssetId: string | null } {
  if (job.kind === 'analysis' && job.result)
    return { cached: job.result.cached, analysisId: job.result.analysis.id, outputAssetId: null }
  if (job.kind === 'processing' && job.result)
    return { cached: job.result.cached, analysisId: null, outputAssetId: job.result.outputAssetId }
  return { cached: false, analysisId: null, outputAssetId: null }
}

/**
 * Keeps each batch's outcomes on its assets' latest attempts (issue 64 point 7): when an asset's own job ends again (a
 * retry of one that failed or was cancelled), its outcome in the batch becomes that end, and the batch's counts are
 * stored again once the batch has ended, told to every window as the batch's `job:updated`. Every process hearing the
 * end tries; the item changes once (a later end only), so one of them stores the counts. Returns the unsubscribe.
 */
export function followAssetJobs(lib: Pick<Library, 'catalog' | 'events' | 'jobs'>): () => void {
  return lib.events.subscribe((event) => {
    if (event.name !== 'job:updated') return
    const { job } = event.payload
    if (!ASSET_JOB_KINDS.has(job.kind) || job.state === 'queued' || job.state === 'running') return
    followEnd(lib, job).catch((error: unknown) =>
      console.error('framevault: a batch could not follow the end of one of its assets’ jobs:', error),
    )
  })
}

async function followEnd(lib: Pick<Library, 'catalog' | 'jobs'>, job: Job): Promise<void> {
  const { batchItems } = lib.catalog.repos
  // The first end of an asset's job is the batch's own to record (as it ends, with its time): nothing changes here.
  const batchId = await batchItems.follow(job.id, assetJobEnd(job))
  if (batchId === null) return
  // A batch still running stores the counts it kept as it ends: the counts of its items replace them after that.
  await lib.jobs.settled(batchId)
  await lib.jobs.amendResult(batchId, { counts: await batchItems.counts(batchId) })
}
