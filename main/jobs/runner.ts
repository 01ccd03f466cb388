import { randomUUID } from 'node:crypto'
import type { Job, JobKind, JobOf, JobParams, JobProgress, JobResult, Tally } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { JobsRepo } from '../db/repos/jobs'
import { currentOwner, ownerIsAlive } from './process-owner'
import { typedJob } from './typed-job'

/** What a job is about, as stored, and how it queues. */
export interface JobSpec<K extends JobKind> {
  kind: K
  title: string
  assetId?: string | null
  params: JobParams<K>
  /**
   * Jobs with the same key run one at a time (others still run beside them): for disk-bound work,
   * where two at once take longer than one after the other. Not stored.
   */
  exclusive?: string
  /**
   * Runs without taking one of the runner's places (its `exclusive` key still queues it): for work
   * other jobs start and wait on, such as the import of a processing job's output, which would
   * never start while every place is held by a job waiting for it.
   */
  uncounted?: boolean
}

/** What a running job's work gets: its id, its abort signal and ways to report progress and keep what it found. */
export interface JobContext<R> {
  jobId: string
  signal: AbortSignal
  /** How far it is (0–1), what it does, and for work that goes through files their files and bytes. */
  progress(fraction: number, doing?: string, counts?: { files?: Tally; bytes?: Tally }): void
  /**
   * The result to store should the job be cancelled or fail (what it found so far), and when it
   * resolves to undefined. Serialised when the job ends, so a value changed in place is stored as it is then.
   */
  keep(result: R): void
}

/** The work of one job: resolves to its result (stored as JSON) or throws; stops soon after `signal` aborts. */
export type JobWork<R> = (context: JobContext<R>) => Promise<R>

/** Where a runner tells of its jobs: every state change, and progress at most once a tick per job. */
export interface JobListeners {
  updated(job: Job): void
  progress(jobId: string, kind: JobKind, progress: JobProgress): void
}

const TICK_MS = 100
const INTERRUPTED = 'Framevault stopped before this job finished.'
// An import can be completed: its files' outcomes so far were kept.
const IMPORT_INTERRUPTED =
  'Interrupted: Framevault stopped before this import finished. Import the same files again to complete it; files already imported are reported as duplicates.'

interface Running {
  kind: JobKind
  controller: AbortController
  progress: JobProgress | null
  dirty: boolean
}

interface Entry {
  id: string
  kind: JobKind
  exclusive: string | undefined
  uncounted: boolean
  work: JobWork<unknown>
  settled: Promise<void>
  settle(): void
}

/**
 * Runs every long job (DESIGN §5a): queued in order, `concurrency` at a time (one at a time of those
 * sharing an `exclusive` key, the jobs queued behind such a one passing it; `uncounted` ones beside
 * the others), each stored
 * at every state change with the process that owns it; progress goes out through `listeners` only.
 * At start, the unfinished jobs of processes that are gone are failed as interrupted (a job's work
 * lives in its process: a restart cannot resume it).
 */
export function createJobRunner(repo: JobsRepo, listeners: JobListeners, concurrency: number) {
  const queue: Entry[] = []
  const entries = new Map<string, Entry>()
  const running = new Map<string, Running>()
  const busy = new Set<string>()
  let counted = 0
  repo.failUnfinished(
    now(),
    (kind) => (kind === 'import' ? IMPORT_INTERRUPTED : INTERRUPTED),
    (owner) => !ownerIsAlive(owner),
  )

  const status = (id: string): Job => {
    const stored = repo.get(id)
    if (!stored) throw new AppError('not_found', `No job ${id}.`)
    const job = typedJob(stored, running.get(id)?.progress ?? null)
    if (!job) throw new AppError('internal', `Job ${id} was stored by another Framevault version and cannot be read.`)
    return job
  }
  const announce = (id: string) => listeners.updated(status(id))
  const send = (id: string, run: Running) => {
    if (!run.dirty || !run.progress) return
    run.dirty = false
    listeners.progress(id, run.kind, run.progress)
  }
  const ticker = setInterval(() => {
    for (const [id, run] of running) send(id, run)
  }, TICK_MS)
  ticker.unref()

  const pump = () => {
    for (let at = 0; at < queue.length;) {
      const entry = queue[at]!
      const full = !entry.uncounted && counted >= concurrency
      if (full || (entry.exclusive !== undefined && busy.has(entry.exclusive))) {
        at++
        continue
      }
      queue.splice(at, 1)
      if (entry.exclusive !== undefined) busy.add(entry.exclusive)
      if (!entry.uncounted) counted++
      void run(entry).finally(() => {
        if (entry.exclusive !== undefined) busy.delete(entry.exclusive)
        if (!entry.uncounted) counted--
        entries.delete(entry.id)
        entry.settle()
        pump()
      })
    }
  }

  const run = async (entry: Entry) => {
    const state: Running = { kind: entry.kind, controller: new AbortController(), progress: null, dirty: false }
    running.set(entry.id, state)
    repo.start(entry.id, now())
    announce(entry.id)
    const { signal } = state.controller
    let kept: unknown
    let result: unknown
    let failure: Error | undefined
    try {
      result = await entry.work({
        jobId: entry.id,
        signal,
        progress(fraction, doing, counts) {
          const clamped = Math.min(1, Math.max(0, fraction))
          state.progress = {
            fraction: clamped,
            doing: doing ?? null,
            files: counts?.files ?? null,
            bytes: counts?.bytes ?? null,
          }
          state.dirty = true
        },
        keep: (value) => void (kept = value),
      })
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
    // The figures it ended on, which a tick may not have carried yet, go out before its end.
    send(entry.id, state)
    running.delete(entry.id)
    result ??= kept
    if (signal.aborted) repo.finish(entry.id, 'cancelled', now(), null, result)
    else if (failure) repo.finish(entry.id, 'failed', now(), failure.message, kept)
    else repo.finish(entry.id, 'done', now(), null, result)
    announce(entry.id)
  }

  const cancelEntry = async (entry: Entry, why: string): Promise<void> => {
    const waiting = queue.indexOf(entry)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      entries.delete(entry.id)
      repo.finish(entry.id, 'cancelled', now(), null)
      entry.settle()
      announce(entry.id)
      return
    }
    running.get(entry.id)?.controller.abort(new AppError('conflict', why))
    await entry.settled
  }

  return {
    /** Queues a job; returns it as it stands. Its state changes and progress follow through the listeners. */
    start<K extends JobKind>(spec: JobSpec<K>, work: JobWork<JobResult<K>>): JobOf<K> {
      const id = randomUUID()
      repo.insert({
        id,
        kind: spec.kind,
        title: spec.title,
        assetId: spec.assetId ?? null,
        params: spec.params,
        createdAt: now(),
        owner: currentOwner(),
      })
      let settle = () => {}
      const settled = new Promise<void>((resolve) => (settle = resolve))
      const entry: Entry = {
        id,
        kind: spec.kind,
        exclusive: spec.exclusive,
        uncounted: spec.uncounted ?? false,
        work: work as JobWork<unknown>,
        settled,
        settle,
      }
      entries.set(id, entry)
      queue.push(entry)
      announce(id)
      pump()
      return status(id) as JobOf<K>
    },
    /** One job, stored or running (any process's; progress only for this one's). */
    get: status,
    /** The newest jobs, of one kind or one asset when asked. */
    list: (filter: { kind?: JobKind; assetId?: string; limit: number }): Job[] =>
      repo.list(filter).flatMap((stored) => typedJob(stored, running.get(stored.id)?.progress ?? null) ?? []),
    /** Cancels a queued or running job of this process and waits until it has stopped. */
    async cancel(id: string): Promise<Job> {
      const entry = entries.get(id)
      if (entry) await cancelEntry(entry, 'The job was cancelled.')
      const job = status(id)
      if (job.state === 'queued' || job.state === 'running') {
        throw new AppError('conflict', `Job ${id} runs in another Framevault process; cancel it there.`)
      }
      return job
    },
    /** The jobs of this process that are queued or running. */
    active: (): Job[] => [...entries.keys()].map(status),
    /** Resolves when a job of this process has ended (at once for any other job). */
    settled: (id: string): Promise<void> => entries.get(id)?.settled ?? Promise.resolve(),
    /** Cancels every job of this process and waits until the running ones have stopped. */
    async close(): Promise<void> {
      clearInterval(ticker)
      await Promise.all([...entries.values()].map((entry) => cancelEntry(entry, 'Framevault is closing.')))
    },
  }
}
export type JobRunner = ReturnType<typeof createJobRunner>

function now(): string {
  return new Date().toISOString()
}
