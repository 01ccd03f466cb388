import type { BatchItem, BatchResult } from '../../../shared/contract'
import type { JobContext } from '../../jobs/job-handler'
import type { Library } from '../library-context'
import { assetJobEnd } from './asset-jobs'
import type { BatchWork } from './batch-step'

// Jobs of one batch waiting or running at once: enough to keep many workers busy, few enough that a cancel is quick.
const IN_FLIGHT = 32

type Outcome = Omit<BatchItem, 'seq' | 'assetName'>

/**
 * A batch in a team library whose queue takes its work (issue 35): each asset the work fits becomes a job of its own
 * (an analysis or a processing), asked for by whoever asked for the batch, so workers on many machines run them
 * side by side and other people's jobs take their turns between them. At most IN_FLIGHT wait or run at once; each
 * asset's outcome is stored as its job ends, naming the job (an asset the work does not fit is skipped with the reason
 * at once); a retry of the job ends it again (asset-jobs.ts). A cancel of the batch cancels its jobs; those cut short
 * have no outcome, as in a batch run in one process.
 */
export async function runBatchOnWorkers(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  { jobId, signal, progress }: JobContext<BatchResult>,
  { ids, step, counts }: BatchWork,
): Promise<void> {
  const requestedBy = (await lib.jobs.get(jobId)).requestedBy ?? undefined
  const total = ids.length
  let ended = 0
  const inFlight = new Map<string, Promise<void>>()
  const tell = () =>
    progress(
      ended / total,
      `${ended.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} done · ${inFlight.size} on workers`,
      {
        files: { done: ended, total },
      },
    )
  const record = async (seq: number, assetName: string, outcome: Outcome) => {
    await lib.catalog.repos.batchItems.add(jobId, { seq, assetName, ...outcome })
    counts[outcome.outcome]++
    ended++
    tell()
  }
  const cancelAll = () => {
    for (const child of inFlight.keys()) lib.jobs.cancel(child).catch(() => {})
  }
  signal.addEventListener('abort', cancelAll)
  try {
    tell()
    for (const [seq, assetId] of ids.entries()) {
      while (inFlight.size >= IN_FLIGHT && !signal.aborted) await Promise.race(inFlight.values())
      if (signal.aborted) break
      const asset = await lib.catalog.repos.media.get(assetId)
      const name = asset?.name ?? assetId
      const misfit = asset ? step.misfit(asset) : `No asset ${assetId} in the library (deleted?).`
      if (misfit || !asset) {
        const none = { assetId, analysisId: null, outputAssetId: null, assetJobId: null }
        await record(seq, name, { ...none, outcome: 'skipped', message: misfit, finishedAt: new Date().toISOString() })
        continue
      }
      const child = await step.start(lib, asset, requestedBy)
      const done = lib.jobs
        .settled(child.id)
        .then(() => lib.jobs.get(child.id))
        .then(async (job) => {
          inFlight.delete(child.id)
          // A job the batch's cancel cut short has no outcome.
          if (!(signal.aborted && job.state === 'cancelled'))
            await record(seq, name, { assetId, assetJobId: child.id, ...assetJobEnd(job) })
        })
      inFlight.set(child.id, done)
      tell()
    }
    await Promise.all(inFlight.values())
  } finally {
    signal.removeEventListener('abort', cancelAll)
  }
}
