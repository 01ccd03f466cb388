import type { Job, JobProgress } from '../../../shared/contract'

/** A job as a panel shows it: its last state and, while it runs, its progress. */
export interface TrackedJob<J extends Job = Job> {
  job: J
  progress: JobProgress | null
}

/** How far a state is along: a late event of a lower rank must not undo a higher one. */
export const JOB_RANK: Record<Job['state'], number> = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 }

/** True once a job can change no more. */
export function isFinished(job: Job): boolean {
  return JOB_RANK[job.state] === 2
}
