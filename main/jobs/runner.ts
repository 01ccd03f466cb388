import { randomUUID } from 'node:crypto'
import type { JobKind, JobProgress, Tally } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { JobsRepo, StoredJob } from '../db/repos/jobs'
import { currentOwner, ownerIsAlive } from './process-owner'

/** What a job is about, as stored. */
export interface JobSpec {
  kind: JobKind
  title: string
  assetId?: string | null
  params?: unknown
  /**
   * Jobs with the same key run one at a time (others still run beside them): for disk-bound work,
   * where two at once take longer than one after the other. Not stored.
   */
  exclusive?: string
}

/** What a running job's work gets: its abort signal and ways to report progress and keep what it found. */
export interface JobContext {
  signal: AbortSignal
  /** How far it is (0–1), what it does, and for work that goes through files their files and bytes. */
  progress(fraction: number, doing?: string, counts?: { files?: Tally; bytes?: Tally }): void
  /**
   * The result to store should the job be cancelled or fail (what it found so far), and when it
   * resolves to undefined. Serialised when the job ends, so a value changed in place is stored as it is then.
   */
  keep(result: unknown): void
}

/** The work of one job: resolves to its result (stored as JSON) or throws; stops soon after `signal` aborts. */
export type JobWork = (context: JobContext) => Promise<unknown>

/** A job as it stands: its stored state, and while it runs its progress. */
export interface JobStatus extends StoredJob {
  progress: JobProgress | null
}

/** Where a runner tells of its jobs: every state change, and progress at most once a tick per job. */
export interface JobListeners {
  updated(job: JobStatus): void
  progress(jobId: string, kind: JobKind, progress: JobProgress): void
}

const TICK_MS = 100
const INTERRUPTED = 'Framevault stopped before this job finished.'

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
  work: JobWork
  settled: Promise<void>
  settle(): void
}

/**
 * Runs jobs other than imports (DESIGN §5a): queued in order, `concurrency` at a time (one at a
 * time of those sharing an `exclusive` key, the jobs queued behind such a one passing it), each stored
 * at every state change with the process that owns it; progress goes out through `listeners` only.
 * At start, the unfinished jobs of processes that are gone are failed as interrupted (a job's work
 * lives in its process: a restart cannot resume it).
 */
export function createJobRunner(repo: JobsRepo, listeners: JobListeners, concurrency: number) {
  const queue: Entry[] = []
  const entries = new Map<string, Entry>()
  const running = new Map<string, Running>()
  const busy = new Set<string>()
  repo.failUnfinished(now(), INTERRUPTED, (owner) => !ownerIsAlive(owner))

  const status = (id: string): JobStatus => {
    const stored = repo.get(id)
    if (!stored) throw new AppError('not_found', `No job ${id}.`)
    return { ...stored, progress: running.get(id)?.progress ?? null }
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
    for (let at = 0; running.size < concurrency && at < queue.length;) {
      const entry = queue[at]!
      if (entry.exclusive !== undefined && busy.has(entry.exclusive)) {
        at++
        continue
      }
      queue.splice(at, 1)
      if (entry.exclusive !== undefined) busy.add(entry.exclusive)
      void run(entry).finally(() => {
        if (entry.exclusive !== undefined) busy.delete(entry.exclusive)
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
    start(spec: JobSpec, work: JobWork): JobStatus {
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
      const entry: Entry = { id, kind: spec.kind, exclusive: spec.exclusive, work, settled, settle }
      entries.set(id, entry)
      queue.push(entry)
      announce(id)
      pump()
      return status(id)
    },
    /** One job, stored or running (any process's; progress only for this one's). */
    get: status,
    /** The newest jobs, of one kind or one asset when asked. */
    list: (filter: { kind?: JobKind; assetId?: string; limit: number }): JobStatus[] =>
      repo.list(filter).map((job) => ({ ...job, progress: running.get(job.id)?.progress ?? null })),
    /** Cancels a queued or running job of this process and waits until it has stopped. */
    async cancel(id: string): Promise<JobStatus> {
      const entry = entries.get(id)
      if (entry) await cancelEntry(entry, 'The job was cancelled.')
      const job = status(id)
      if (job.state === 'queued' || job.state === 'running') {
        throw new AppError('conflict', `Job ${id} runs in another Framevault process; cancel it there.`)
      }
      return job
    },
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
