import { randomUUID } from 'node:crypto'
import type { JobKind } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { JobsRepo, StoredJob } from '../db/repos/jobs'
import { currentOwner, ownerIsAlive } from '../ingest/process-owner'

/** What a job is about, as stored. */
export interface JobSpec {
  kind: JobKind
  title: string
  assetId?: string | null
  params?: unknown
}

/** What a running job's work gets: its abort signal and a way to report progress (0–1, and what it does). */
export interface JobContext {
  signal: AbortSignal
  progress(fraction: number, doing?: string): void
}

/** The work of one job: resolves to its result (stored as JSON) or throws; stops soon after `signal` aborts. */
export type JobWork = (context: JobContext) => Promise<unknown>

/** A job as it stands: its stored state, and while it runs its progress. */
export interface JobStatus extends StoredJob {
  progress: { fraction: number; doing: string | null } | null
}

/** Where a runner tells of its jobs: every state change, and progress at most once a tick per job. */
export interface JobListeners {
  updated(job: JobStatus): void
  progress(jobId: string, fraction: number, doing: string | null): void
}

const TICK_MS = 100
const INTERRUPTED = 'Framevault stopped before this job finished.'

interface Running {
  controller: AbortController
  progress: { fraction: number; doing: string | null } | null
  dirty: boolean
}

interface Entry {
  id: string
  work: JobWork
  settled: Promise<void>
  settle(): void
}

/**
 * Runs jobs other than imports (DESIGN §5a): queued in order, `concurrency` at a time, each stored
 * at every state change with the process that owns it; progress goes out through `listeners` only.
 * At start, the unfinished jobs of processes that are gone are failed as interrupted (a job's work
 * lives in its process: a restart cannot resume it).
 */
export function createJobRunner(repo: JobsRepo, listeners: JobListeners, concurrency: number) {
  const queue: Entry[] = []
  const entries = new Map<string, Entry>()
  const running = new Map<string, Running>()
  repo.failUnfinished(now(), INTERRUPTED, (owner) => !ownerIsAlive(owner))

  const status = (id: string): JobStatus => {
    const stored = repo.get(id)
    if (!stored) throw new AppError('not_found', `No job ${id}.`)
    return { ...stored, progress: running.get(id)?.progress ?? null }
  }
  const announce = (id: string) => listeners.updated(status(id))
  const ticker = setInterval(() => {
    for (const [id, run] of running) {
      if (!run.dirty || !run.progress) continue
      run.dirty = false
      listeners.progress(id, run.progress.fraction, run.progress.doing)
    }
  }, TICK_MS)
  ticker.unref()

  const pump = () => {
    while (running.size < concurrency && queue.length > 0) {
      const entry = queue.shift()!
      void run(entry).finally(() => {
        entries.delete(entry.id)
        entry.settle()
        pump()
      })
    }
  }

  const run = async (entry: Entry) => {
    const state: Running = { controller: new AbortController(), progress: null, dirty: false }
    running.set(entry.id, state)
    repo.start(entry.id, now())
    announce(entry.id)
    const { signal } = state.controller
    let result: unknown
    let failure: Error | undefined
    try {
      result = await entry.work({
        signal,
        progress(fraction, doing) {
          state.progress = { fraction: Math.min(1, Math.max(0, fraction)), doing: doing ?? null }
          state.dirty = true
        },
      })
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
    running.delete(entry.id)
    if (signal.aborted) repo.finish(entry.id, 'cancelled', now(), null)
    else if (failure) repo.finish(entry.id, 'failed', now(), failure.message)
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
      const entry: Entry = { id, work, settled, settle }
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
