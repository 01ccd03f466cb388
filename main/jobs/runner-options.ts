import type { Job, JobKind, JobProgress } from '../../shared/contract'
import type { JobSignals } from './job-signals'

/** Where a runner tells of its jobs: every state change, and progress at most once a tick per job. */
export interface JobListeners {
  updated(job: Job): void
  progress(jobId: string, kind: JobKind, progress: JobProgress): void
}

/** How a runner runs: jobs at once, and the lease its jobs are held by (default 30 s or $FRAMEVAULT_JOB_LEASE_MS). */
export interface JobRunnerOptions {
  concurrency: number
  leaseMs?: number
  /** Whether the database is still open: a runner stops renewing once it is not (tests close it under a runner). */
  isOpen?: () => boolean
  /** The catalogue's queue, when many runners share it (a hub and its workers); without it, each runs what it starts. */
  queue?: SharedQueue
}

/** A queue the runners of one catalogue share: jobs of its kinds wait there for any runner that claims them. */
export interface SharedQueue {
  /** The kinds whose jobs wait in the queue rather than run in the process that started them. */
  kinds: readonly JobKind[]
  /** The kinds this runner claims from the queue (none: it only starts them, as a hub with `--workers 0`). */
  claims: readonly JobKind[]
  /** How many times a job is claimed before a runner that vanishes during it fails it (default 3). */
  attempts?: number
  signals: JobSignals
  /**
   * Whether this runner hears how the other runners' jobs go, reading each one's row as it changes (default true: a
   * hub's windows show them). A worker serves no window: it reads only those of the jobs it waits for.
   */
  followsOthers?: boolean
}

/** A job this process has queued or runs. */
export interface ActiveJob {
  id: string
  kind: JobKind
  title: string
}

/** What is stored beside a job's parameters: its title and the asset it works on. */
export interface JobLabel {
  title: string
  assetId?: string | null
  /** Writes what refers to the job (its id) once its row is stored and before it can run or end. */
  stored?(jobId: string): Promise<void>
  /** Who asked for it, by name (a shared queue takes turns by person). */
  requestedBy?: string
}
