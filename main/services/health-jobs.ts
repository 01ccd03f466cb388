import { randomUUID } from 'node:crypto'
import type { HealthCounts, HealthItem, HealthJob, HealthJobKind } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { createProgressTracker, type ProgressTracker } from '../ingest/import-progress'
import type { EventBus } from '../library/event-bus'

/** What a running health job's work gets: its abort signal, progress and where results go. */
export interface JobRun {
  signal: AbortSignal
  progress: ProgressTracker
  /** Sets the files and bytes the job will go through (job figures and progress events). */
  setTotals(files: number, bytes: number): void
  /** Counts one asset's result; all but `ok` are listed too. */
  record(item: HealthItem): void
  /** Says stored results changed, so `library:changed` goes out when the job ends. */
  changed(): void
}

/** The work of one job; it returns when done or, once `run.signal` aborts, as soon as it can. */
export type JobWork = (run: JobRun) => Promise<void>

interface Entry {
  job: HealthJob
  items: HealthItem[]
  work: JobWork
  controller: AbortController
  progress?: ProgressTracker
  settled: Promise<void>
  settle(): void
}

// Finished jobs kept for `health:get`/`health:list`; their results live on in the assets' columns.
const KEPT_FINISHED = 20

/**
 * Runs verify and relink jobs one at a time, in memory (DESIGN §5a's states, progress and
 * cancel, as imports have them; the import job table is not generalised yet, so a restart
 * forgets these jobs while the results they stored on the assets stay).
 */
export function createHealthJobs(events: EventBus) {
  const entries = new Map<string, Entry>()
  const queue: Entry[] = []
  let running: Entry | undefined

  const snapshot = (entry: Entry): HealthJob => {
    const done = entry.progress?.done()
    return done ? { ...entry.job, filesDone: done.files, bytesDone: done.bytes } : { ...entry.job }
  }
  const announce = (entry: Entry) => events.emit('health:updated', { job: snapshot(entry) })
  const finish = (entry: Entry, state: HealthJob['state'], error: string | null) => {
    Object.assign(entry.job, { state, error, finishedAt: now() }, entry.progress && fromDone(entry.progress))
    entry.progress = undefined
    announce(entry)
    entry.settle()
    forgetOldJobs()
  }
  const forgetOldJobs = () => {
    const finished = [...entries.values()].filter((entry) => entry.job.finishedAt !== null)
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) entries.delete(entry.job.id)
  }

  const pump = () => {
    if (running) return
    running = queue.shift()
    if (!running) return
    void run(running).finally(() => {
      running = undefined
      pump()
    })
  }

  const run = async (entry: Entry) => {
    const { job, controller } = entry
    const { signal } = controller
    const progress = createProgressTracker(job.id, (tick) =>
      events.emit('health:progress', { ...tick, kind: job.kind }),
    )
    entry.progress = progress
    job.state = 'running'
    job.startedAt = now()
    announce(entry)
    let changed = false
    let failure: Error | undefined
    try {
      await entry.work({
        signal,
        progress,
        setTotals(files, bytes) {
          job.filesTotal = files
          job.bytesTotal = bytes
          progress.setTotals(files, bytes)
        },
        record(item) {
          job.counts[item.outcome] += 1
          if (item.outcome !== 'ok') entry.items.push(item)
        },
        changed: () => void (changed = true),
      })
    } catch (error) {
      failure = error as Error
    } finally {
      progress.stop()
    }
    const state = signal.aborted ? 'cancelled' : failure ? 'failed' : 'done'
    finish(entry, state, state === 'failed' ? failure!.message : null)
    if (changed) events.emit('library:changed', { tables: ['videos'] })
  }

  const entryOf = (id: string): Entry => {
    const entry = entries.get(id)
    if (!entry) throw new AppError('not_found', `No health job ${id} (jobs are kept until Framevault restarts).`)
    return entry
  }

  return {
    /** Queues a job; returns it as it stands. Progress and the end follow as events. */
    start(kind: HealthJobKind, folder: string | null, work: JobWork): HealthJob {
      let settle = () => {}
      const settled = new Promise<void>((resolve) => (settle = resolve))
      const job: HealthJob = {
        id: randomUUID(),
        kind,
        state: 'queued',
        folder,
        createdAt: now(),
        startedAt: null,
        finishedAt: null,
        filesTotal: null,
        bytesTotal: null,
        filesDone: 0,
        bytesDone: 0,
        counts: noCounts(),
        error: null,
      }
      const entry: Entry = { job, items: [], work, controller: new AbortController(), settled, settle }
      entries.set(job.id, entry)
      queue.push(entry)
      announce(entry)
      pump()
      return snapshot(entry)
    },
    /** The job with its listed results (the first `limit`). */
    get(id: string, limit: number): { job: HealthJob; items: HealthItem[] } {
      const entry = entryOf(id)
      return { job: snapshot(entry), items: entry.items.slice(0, limit) }
    },
    /** Jobs of this process, newest first. */
    list: (): HealthJob[] => [...entries.values()].reverse().map(snapshot),
    /** Cancels a queued or running job and waits until it has stopped. */
    async cancel(id: string): Promise<HealthJob> {
      const entry = entryOf(id)
      const waiting = queue.indexOf(entry)
      if (waiting >= 0) {
        queue.splice(waiting, 1)
        finish(entry, 'cancelled', null)
      } else if (entry === running) {
        entry.controller.abort(new AppError('conflict', 'The health job was cancelled.'))
        await entry.settled
      }
      return snapshot(entry)
    },
    /** Resolves when a job has ended (done, failed or cancelled). */
    settled: (id: string): Promise<void> => entryOf(id).settled,
    /** Cancels everything and waits for the running job to stop. */
    async close(): Promise<void> {
      for (const entry of queue.splice(0)) finish(entry, 'cancelled', null)
      if (running) {
        running.controller.abort(new AppError('conflict', 'Framevault is closing.'))
        await running.settled
      }
    },
  }
}
export type HealthJobs = ReturnType<typeof createHealthJobs>

function noCounts(): HealthCounts {
  return { ok: 0, changed: 0, missing: 0, failed: 0, skipped: 0, relinked: 0, copied: 0, present: 0 }
}

function fromDone(progress: ProgressTracker): Pick<HealthJob, 'filesDone' | 'bytesDone'> {
  const done = progress.done()
  return { filesDone: done.files, bytesDone: done.bytes }
}

/**
 * Runs `each` over the items `next` hands out, `concurrency` at a time, until it runs dry or
 * `signal` aborts. `next` is pulled lazily, so a caller can page through a table as it goes.
 */
export async function forEachConcurrently<T>(
  next: () => T | undefined,
  concurrency: number,
  signal: AbortSignal,
  each: (item: T) => Promise<void>,
): Promise<void> {
  const worker = async () => {
    for (let item = next(); item !== undefined && !signal.aborted; item = next()) await each(item)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

function now(): string {
  return new Date().toISOString()
}
