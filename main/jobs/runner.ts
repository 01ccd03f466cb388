import { randomUUID } from 'node:crypto'
import type { Job, JobKind, JobOf, JobParams, JobProgress } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { JobHolder, JobsRepo, UnfinishedJob } from '../db/repos/jobs'
import { progressOf, type BoundJobHandler, type JobRegistry } from './job-handler'
import { leaseLost, leaseMs, newLeaseOwner } from './job-lease'
import { typedJob } from './typed-job'

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
}

const TICK_MS = 100
/** The words a job is failed with when its process stopped (or lost its lease) before it finished. */
export const JOB_INTERRUPTED = 'Framevault stopped before this job finished.'
// An import can be completed: its files' outcomes so far were kept.
const IMPORT_INTERRUPTED =
  'Interrupted: Framevault stopped before this import finished. Import the same files again to complete it; files already imported are reported as duplicates.'

interface Running {
  controller: AbortController
  progress: JobProgress | null
  dirty: boolean
}

interface Entry {
  id: string
  kind: JobKind
  title: string
  assetId: string | null
  handler: BoundJobHandler
  params: unknown
  running: Running | null
  settled: Promise<void>
  settle(): void
}

/**
 * Runs every long job by its kind's handler in `registry`: queued in order, `concurrency` at a time
 * (one at a time of those sharing an `exclusive` key, the jobs queued behind such a one passing it; `uncounted`
 * ones beside the others), each stored at every state change; progress goes out through `listeners` only.
 * Each job is held by a lease this runner renews every third of it. At start and at every renewal the runner
 * sweeps: a job whose lease is lost (expired, or its owner a gone process of this host) is failed as
 * interrupted or, for a retryable kind, taken over and run here. A runner that finds it lost a job (it was
 * stopped longer than the lease) aborts that work, and its writes of the job are refused.
 */
export function createJobRunner(
  repo: JobsRepo,
  listeners: JobListeners,
  registry: JobRegistry,
  options: JobRunnerOptions,
) {
  const lease = leaseMs(options.leaseMs)
  const beatMs = Math.max(1, Math.floor(lease / 3))
  const owner = newLeaseOwner()
  const queue: Entry[] = []
  const entries = new Map<string, Entry>()
  const busy = new Set<string>()
  let counted = 0
  let lastBeat = Date.now()
  const holder = (): JobHolder => ({ ...owner, leaseUntil: Date.now() + lease })

  const status = async (id: string): Promise<Job> => {
    const stored = await repo.get(id)
    if (!stored) throw new AppError('not_found', `No job ${id}.`)
    const job = typedJob(stored, entries.get(id)?.running?.progress ?? null)
    if (!job) throw new AppError('internal', `Job ${id} was stored by another Framevault version and cannot be read.`)
    return job
  }
  const announce = async (id: string) => listeners.updated(await status(id))
  const send = (entry: Entry) => {
    const run = entry.running
    if (!run?.dirty || !run.progress) return
    run.dirty = false
    listeners.progress(entry.id, entry.kind, run.progress)
  }

  const pump = () => {
    for (let at = 0; at < queue.length;) {
      const entry = queue[at]!
      const { exclusive, uncounted } = entry.handler
      if ((!uncounted && counted >= options.concurrency) || (exclusive !== undefined && busy.has(exclusive))) {
        at++
        continue
      }
      queue.splice(at, 1)
      if (exclusive !== undefined) busy.add(exclusive)
      if (!uncounted) counted++
      void run(entry).finally(() => {
        if (exclusive !== undefined) busy.delete(exclusive)
        if (!uncounted) counted--
        release(entry)
        pump()
      })
    }
  }
  const release = (entry: Entry) => {
    entries.delete(entry.id)
    entry.settle()
  }

  const run = async (entry: Entry) => {
    // Running from here on for a cancel, which aborts it: before its row says so, or while it works.
    const state: Running = { controller: new AbortController(), progress: null, dirty: false }
    entry.running = state
    if (!(await repo.start(entry.id, now(), owner.id))) return void (entry.running = null)
    await announce(entry.id)
    const { signal } = state.controller
    let kept: unknown
    let result: unknown
    let failure: Error | undefined
    try {
      signal.throwIfAborted()
      result = entry.handler.result(
        await entry.handler.run(entry.params, {
          jobId: entry.id,
          assetId: entry.assetId,
          signal,
          progress(fraction, doing, counts) {
            // A beat long overdue means this process was stopped: whether it still holds the job is asked first.
            if (Date.now() - lastBeat > 2 * beatMs) void heartbeat()
            state.progress = progressOf(fraction, doing, counts)
            state.dirty = true
          },
          keep: (value) => void (kept = value),
        }),
      )
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
    }
    // The figures it ended on, which a tick may not have carried yet, go out before its end.
    send(entry)
    entry.running = null
    result ??= kept
    const ended = signal.aborted
      ? await repo.finish(entry.id, 'cancelled', now(), null, result, owner.id)
      : failure
        ? await repo.finish(entry.id, 'failed', now(), failure.message, kept, owner.id)
        : await repo.finish(entry.id, 'done', now(), null, result, owner.id)
    if (ended) await announce(entry.id)
  }

  /** Queues a job this runner holds (its row stored already). */
  const enqueue = (id: string, kind: JobKind, label: JobLabel, params: unknown): Entry => {
    let settle = () => {}
    const settled = new Promise<void>((resolve) => (settle = resolve))
    const { title } = label
    const assetId = label.assetId ?? null
    const handler = registry.handler(kind)
    const entry: Entry = { id, kind, title, assetId, handler, params, running: null, settled, settle }
    entries.set(id, entry)
    queue.push(entry)
    return entry
  }

  /** Stops the work of a job this runner no longer holds, writing nothing of it. */
  const lost = (entry: Entry) => {
    const waiting = queue.indexOf(entry)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      release(entry)
    }
    entry.running?.controller.abort(new AppError('conflict', 'Another Framevault process took this job over.'))
  }

  /** Takes over or fails the jobs other holders lost; a taken job is queued, to run once `pump` is called. */
  const sweep = async (): Promise<boolean> => {
    let took = false
    const at = Date.now()
    for (const job of await repo.unfinished()) {
      if (job.ownerId === owner.id || !leaseLost(job, at, owner.host)) continue
      if (await takeOver(job)) took = true
      else await repo.interrupt(job, now(), job.kind === 'import' ? IMPORT_INTERRUPTED : JOB_INTERRUPTED)
    }
    return took
  }
  const takeOver = async (job: UnfinishedJob): Promise<boolean> => {
    const handler = registry.handler(job.kind)
    if (!handler.retryable || !(await repo.claim(job, holder()))) return false
    const stored = (await repo.get(job.id))!
    try {
      enqueue(job.id, job.kind, stored, handler.params(stored.params))
    } catch (error) {
      await repo.finish(job.id, 'failed', now(), (error as Error).message, undefined, owner.id)
      return false
    }
    await announce(job.id)
    return true
  }

  const beat = async () => {
    lastBeat = Date.now()
    const gone = await repo.renew([...entries.keys()], owner.id, Date.now() + lease)
    for (const id of gone) {
      const entry = entries.get(id)
      if (entry) lost(entry)
    }
    if (await sweep()) pump()
  }
  const ticker = setInterval(() => {
    for (const entry of entries.values()) send(entry)
  }, TICK_MS)
  ticker.unref()
  // The beat in progress: one at a time, and closing waits for it.
  let beating: Promise<void> | undefined
  const heartbeat = (): Promise<void> => {
    // A library whose database was closed under it (tests do) has nothing left to renew.
    if (options.isOpen?.() === false) {
      clearInterval(heart)
      return Promise.resolve()
    }
    beating ??= beat()
      // A busy database misses one beat; the lease outlasts three.
      .catch((error: unknown) => console.error('A job lease could not be renewed:', error))
      .finally(() => (beating = undefined))
    return beating
  }
  const heart = setInterval(() => void heartbeat(), beatMs)
  heart.unref()
  // What it takes over at open runs once the library is composed (a handler runs against it), not before.
  const firstSweep: Promise<void> = new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => heartbeat())

  /** Gives a job up as queued with no holder (its row first, so the stopped work's own ending is not stored). */
  const handBack = async (entry: Entry): Promise<void> => {
    if (await repo.release(entry.id, owner.id)) await announce(entry.id)
    lost(entry)
    await entry.settled
  }

  const cancelEntry = async (entry: Entry, why: string): Promise<void> => {
    const waiting = queue.indexOf(entry)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      release(entry)
      if (await repo.finish(entry.id, 'cancelled', now(), null, undefined, owner.id)) await announce(entry.id)
      return
    }
    entry.running?.controller.abort(new AppError('conflict', why))
    await entry.settled
  }

  return {
    /**
     * Queues a job of `kind` with `params` (checked by its handler's schema) and returns it as it stands; its state
     * changes and progress follow through the listeners. AppError 'validation' for a kind without a handler or
     * parameters that do not read.
     */
    async start<K extends JobKind>(kind: K, params: JobParams<K>, label: JobLabel): Promise<JobOf<K>> {
      const handler = registry.handler(kind)
      const checked = handler.params(params)
      const id = randomUUID()
      const assetId = label.assetId ?? null
      await repo.insert({ id, kind, title: label.title, assetId, params: checked, createdAt: now(), holder: holder() })
      await label.stored?.(id)
      const entry = enqueue(id, kind, label, checked)
      const queued = await status(id)
      // Told as queued before it is told running: it runs from here on.
      if (entry.running === null && entries.has(id)) listeners.updated(queued)
      pump()
      return queued as JobOf<K>
    },
    /** One job, stored or running (any process's; progress only for this one's). */
    get: status,
    /** The newest jobs, of one kind or one asset when asked. */
    list: async (filter: { kind?: JobKind; assetId?: string; limit: number }): Promise<Job[]> =>
      (await repo.list(filter)).flatMap(
        (stored) => typedJob(stored, entries.get(stored.id)?.running?.progress ?? null) ?? [],
      ),
    /** Cancels a queued or running job of this process and waits until it has stopped. */
    async cancel(id: string): Promise<Job> {
      const entry = entries.get(id)
      if (entry) await cancelEntry(entry, 'The job was cancelled.')
      const job = await status(id)
      if (job.state === 'queued' || job.state === 'running') {
        throw new AppError('conflict', `Job ${id} runs in another Framevault process; cancel it there.`)
      }
      return job
    },
    /** The jobs of this process that are queued or running, as this process knows them (no read). */
    active: (): ActiveJob[] => [...entries.values()].map(({ id, kind, title }) => ({ id, kind, title })),
    /** Whether jobs of this kind are background work that `close` hands back, to resume at the library's next open. */
    resumable: (kind: JobKind): boolean => registry.handler(kind).retryable,
    /** Settles once the sweep at start is done: the jobs other holders lost are taken over (queued here) or failed. */
    swept: firstSweep,
    /** Resolves when a job of this process has ended (at once for any other job). */
    settled: (id: string): Promise<void> => entries.get(id)?.settled ?? Promise.resolve(),
    /**
     * Stops every job of this process and waits until the running ones have stopped: a job of a retryable kind is
     * handed back, queued with no holder, for the next process that runs jobs to take over (a short CLI command
     * that took one over at open must not cancel it); any other is cancelled.
     */
    async close(): Promise<void> {
      clearInterval(ticker)
      clearInterval(heart)
      await firstSweep
      await beating
      await Promise.all(
        [...entries.values()].map((entry) =>
          entry.handler.retryable ? handBack(entry) : cancelEntry(entry, 'Framevault is closing.'),
        ),
      )
    },
  }
}
export type JobRunner = ReturnType<typeof createJobRunner>

function now(): string {
  return new Date().toISOString()
}
