import type { JobKind } from '../../shared/contract'
import type { JobsRepo, UnfinishedJob } from '../db/repos/jobs'
import { leaseLost, type LeaseOwner } from './job-lease'

/** The words a job is failed with when its process stopped (or lost its lease) before it finished. */
export const JOB_INTERRUPTED = 'Framevault stopped before this job finished.'
// An import can be completed: its files' outcomes so far were kept.
const IMPORT_INTERRUPTED =
  'Interrupted: Framevault stopped before this import finished. Import the same files again to complete it; files already imported are reported as duplicates.'
const DEFAULT_ATTEMPTS = 3

/** What a sweep needs of its runner: who it is, which kinds wait in a shared queue, and what it does with a job. */
export interface SweepOf {
  owner: LeaseOwner
  inQueue(kind: JobKind): boolean
  /** Claims of a job before a lost holder fails it (default 3). */
  attempts: number | undefined
  /** Takes a lost job over to run it here; false when its kind is not run again or another runner was first. */
  takeOver(job: UnfinishedJob): Promise<boolean>
  /** Tells every window of a job's new state. */
  announce(id: string): Promise<unknown>
}

/**
 * Goes through the unfinished jobs other holders lost (their lease ran out, or their process on this host is gone):
 * one of a shared queue waits again with its last error (or fails, tried as often as it may be, or ends cancelled
 * when that was asked); any other this runner takes over when its kind runs again, else it fails as interrupted.
 * Says whether it took any over (they run once the runner pumps) and whether any waits again (workers are told).
 */
export async function sweepLostJobs(repo: JobsRepo, runner: SweepOf): Promise<{ took: boolean; waitAgain: boolean }> {
  let took = false
  let waitAgain = false
  const at = Date.now()
  const now = () => new Date().toISOString()
  for (const job of await repo.unfinished()) {
    if (job.ownerId === runner.owner.id) continue
    // A job waiting in a shared queue is the claims' to take.
    if (runner.inQueue(job.kind) && job.ownerId === null && job.state === 'queued') continue
    if (!leaseLost(job, at, runner.owner.host)) continue
    if (runner.inQueue(job.kind)) {
      const outcome = await repo.requeue(job, now(), holderStopped(job), runner.attempts ?? DEFAULT_ATTEMPTS)
      if (outcome === 'queued') waitAgain = true
      if (outcome !== null) await runner.announce(job.id)
    } else if (await runner.takeOver(job)) took = true
    else await repo.interrupt(job, now(), job.kind === 'import' ? IMPORT_INTERRUPTED : JOB_INTERRUPTED)
  }
  return { took, waitAgain }
}

/** The words a job of a shared queue keeps when the runner that held it vanished: as it waits again, and as it fails. */
function holderStopped(job: UnfinishedJob): { error: string; failure: string } {
  const who = job.ownerId === null ? 'Its worker' : `Its worker (${job.ownerId})`
  return {
    error: `${who} stopped before this job finished; it waits for another worker.`,
    failure: `${who} stopped before this job finished, and it was tried as many times as it may be.`,
  }
}
