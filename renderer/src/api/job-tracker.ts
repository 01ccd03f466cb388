import type { QueryClient } from '@tanstack/react-query'
import type { Job, JobKind, JobOf, JobProgress } from '../../../shared/contract'
import type { ErrorShape } from '../../../shared/errors'
import { attempt } from '../ui/attempt'
import { JOB_RANK, isFinished, type TrackedJob } from '../ui/tracked-job'
import type { Client } from './client'

/** A job as the tracker holds it, with the tick of its last change (a view shows what changed since it opened). */
export interface SeenJob extends TrackedJob {
  tick: number
  /** When the tracker last heard of it (ms since the epoch). */
  heardAt: number
}

/** Which tracked jobs a view shows: of one kind and asset (any when not given), at most `keep`, newest first. */
export interface JobFilter<K extends JobKind = JobKind> {
  kind?: K
  assetId?: string
  keep: number
  /** Ended jobs among those the view read when it opened are shown too (else only the unfinished). */
  recent?: boolean
}

/** The query key of every job this window has seen (not a backend answer: no channel, no tables). */
export const SEEN_JOBS = ['jobs:seen'] as const

// Ticks only grow, over every cache, so one taken when a view opens orders all later changes after it.
let ticks = 0
const endListeners = new WeakMap<QueryClient, Set<(job: Job) => void>>()

// An unfinished job nothing was heard of for this long is read again: its end may have come while the live feed was
// not connected (a window opening on a busy machine, a dropped connection), and its events are not caught up on.
export const UNHEARD_MS = 5_000

// The jobs a view reads when it opens: those unfinished then (another window's, the CLI's) and, with `recent`, the newest ended.
const OPENED = 20

/** What a view showing `filter`'s jobs asks `jobs:list` when it opens. */
export const openedJobsInput = ({ kind, assetId }: Pick<JobFilter, 'kind' | 'assetId'>) => ({
  kind,
  assetId,
  limit: OPENED,
})

/** The tick of the last change a tracker recorded (a view opening now shows the jobs that change after it). */
export const currentTick = (): number => ticks

/** The jobs recorded in `cache`, by id. */
export function seenJobs(cache: QueryClient): ReadonlyMap<string, SeenJob> {
  return cache.getQueryData<ReadonlyMap<string, SeenJob>>(SEEN_JOBS) ?? new Map()
}

/**
 * Records a job's state (a late event never turns a finished job back into a running one, but a retry's new run
 * does); tells its end's listeners of each end, a retry's too.
 */
export function trackJob(cache: QueryClient, job: Job): void {
  const seen = seenJobs(cache)
  const known = seen.get(job.id)
  if (known && isOlder(job, known.job)) return
  const progress = isFinished(job) ? null : (known?.progress ?? job.progress)
  cache.setQueryData(SEEN_JOBS, new Map(seen).set(job.id, { job, progress, tick: ++ticks, heardAt: Date.now() }))
  if (isFinished(job) && !(known && isFinished(known.job) && known.job.finishedAt === job.finishedAt))
    endListeners.get(cache)?.forEach((listener) => listener(job))
}

/**
 * Whether `job` tells less than `known` of the same job (a late event, a read answered before it changed). A
 * retried job runs again after it ended, so time decides between runs: a start after the known end is a new run, an
 * end before the known start or end an old one; within one run, the state's rank.
 */
function isOlder(job: Job, known: Job): boolean {
  const { startedAt, finishedAt } = job
  if (isFinished(known) && startedAt !== null && known.finishedAt !== null && startedAt > known.finishedAt) return false
  if (isFinished(job) && finishedAt !== null) {
    if (known.startedAt !== null && finishedAt < known.startedAt) return true
    if (isFinished(known) && known.finishedAt !== null) return finishedAt < known.finishedAt
  }
  return JOB_RANK[known.state] > JOB_RANK[job.state]
}

/** Calls `listener` with each job the tracker of `cache` sees end; returns the unsubscribe. */
export function onJobEnded(cache: QueryClient, listener: (job: Job) => void): () => void {
  const listeners = endListeners.get(cache) ?? new Set()
  endListeners.set(cache, listeners.add(listener))
  return () => void listeners.delete(listener)
}

/**
 * Follows every job's `job:updated` and `job:progress` into the cache; the progress of a job this
 * window has not seen (another window's, the CLI's) reads that job once, and so does an unfinished job not heard of
 * for `UNHEARD_MS`. Returns the unsubscribe.
 */
export function followJobs(api: Client, cache: QueryClient): () => void {
  // Kept for the window's life: a view opening later still knows the jobs that ran before.
  cache.setQueryDefaults(SEEN_JOBS, { gcTime: Infinity, staleTime: Infinity })
  if (!cache.getQueryData(SEEN_JOBS)) cache.setQueryData(SEEN_JOBS, new Map())
  // The latest progress of each job being read (a tick the first this window heard of it, or one unheard for long).
  const reading = new Map<string, JobProgress | null>()
  const unheard = setInterval(() => {
    const now = Date.now()
    for (const { job, progress, heardAt } of seenJobs(cache).values()) {
      if (isFinished(job) || now - heardAt < UNHEARD_MS || reading.has(job.id)) continue
      reading.set(job.id, progress)
      read(job.id)
    }
  }, UNHEARD_MS)
  const unfollow = api.onEvent((event) => {
    if (event.name === 'job:updated') trackJob(cache, event.payload.job)
    else if (event.name === 'job:progress') {
      const { jobId, fraction, doing, files, bytes } = event.payload
      const progress = { fraction, doing, files, bytes }
      const seen = seenJobs(cache)
      const known = seen.get(jobId)
      if (known && !isFinished(known.job)) {
        cache.setQueryData(
          SEEN_JOBS,
          new Map(seen).set(jobId, { ...known, progress, tick: ++ticks, heardAt: Date.now() }),
        )
      } else if (!known) {
        if (!reading.has(jobId)) read(jobId)
        reading.set(jobId, progress)
      }
    }
  })
  return () => {
    clearInterval(unheard)
    unfollow()
  }

  function read(jobId: string) {
    api['jobs:get']({ jobId })
      .then(
        ({ job }) => trackJob(cache, { ...job, progress: reading.get(jobId) ?? job.progress }),
        () => {},
      )
      .finally(() => reading.delete(jobId))
  }
}

/** Starts a job through `call` and tracks it; resolves to the refusal, if any, for a form to show. */
export const startJob = (cache: QueryClient, call: () => Promise<{ job: Job }>): Promise<ErrorShape | undefined> =>
  attempt(async () => trackJob(cache, (await call()).job))

/**
 * The jobs a view shows: those of `opened` (what it read when it opened; ended ones only with
 * `recent`) and those the tracker saw change since tick `since`, each in its latest state, newest first.
 */
export function trackedJobs<K extends JobKind>(
  seen: ReadonlyMap<string, SeenJob>,
  opened: readonly Job[],
  since: number,
  { kind, assetId, keep, recent = false }: JobFilter<K>,
): Array<TrackedJob<JobOf<K>>> {
  const mine = (job: Job): job is JobOf<K> =>
    (kind === undefined || job.kind === kind) && (assetId === undefined || job.assetId === assetId)
  const shown = new Map<string, TrackedJob>()
  for (const job of opened) {
    if (!mine(job) || (!recent && isFinished(job))) continue
    const known = seen.get(job.id)
    shown.set(
      job.id,
      known && JOB_RANK[known.job.state] >= JOB_RANK[job.state]
        ? known
        : { job, progress: isFinished(job) ? null : job.progress },
    )
  }
  for (const known of seen.values()) if (known.tick > since && mine(known.job)) shown.set(known.job.id, known)
  return [...shown.values()]
    .map(({ job, progress }) => ({ job: job as JobOf<K>, progress }))
    .sort((a, b) => (a.job.createdAt < b.job.createdAt ? 1 : -1))
    .slice(0, keep)
}
