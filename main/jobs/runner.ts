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
}

/** What is stored beside a job's parameters: its title and the asset it works on. */
export interface JobLabel {
  title: string
  assetId?: string | null
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

  const status = (id: string): Job => {
    const stored = repo.get(id)
    if (!stored) throw new AppError('not_found', `No job ${id}.`)
    const job = typedJob(stored, entries.get(id)?.running?.progress ?? null)
    if (!job) throw new AppError('internal', `Job ${id} was stored by another Framevault version and cannot be read.`)
    return job
  }
  const announce = (id: string) => listeners.updated(status(id))
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
    if (!repo.start(entry.id, now(), owner.id)) return
    const state: Running = { controller: new AbortController(), progress: null, dirty: false }
    entry.running = state
    announce(entry.id)
    const { signal } = state.controller
    let kept: unknown
    let result: unknown
    let failure: Error | undefined
    try {
      result = entry.handler.result(
        await entry.handler.run(entry.params, {
          jobId: entry.id,
          assetId: entry.assetId,
          signal,
          progress(fraction, doing, counts) {
            // A beat long overdue means this process was stopped: whether it still holds the job is asked first.
            if (Date.now() - lastBeat > 2 * beatMs) heartbeat()
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
      ? repo.finish(entry.id, 'cancelled', now(), null, result, owner.id)
      : failure
        ? repo.finish(entry.id, 'failed', now(), failure.message, kept, owner.id)
        : repo.finish(entry.id, 'done', now(), null, result, owner.id)
    if (ended) announce(entry.id)
  }

  /** Queues a job this runner holds (its row stored already). */
  const enqueue = (id: string, kind: JobKind, assetId: string | null, params: unknown): Entry => {
    let settle = () => {}
    const settled = new Promise<void>((resolve) => (settle = resolve))
    const entry: Entry = { id, kind, assetId, handler: registry.handler(kind), params, running: null, settled, settle }
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
  const sweep = (): boolean => {
    let took = false
    const at = Date.now()
    for (const job of repo.unfinished()) {
      if (job.ownerId === owner.id || !leaseLost(job, at, owner.host)) continue
      if (!takeOver(job)) repo.interrupt(job, now(), job.kind === 'import' ? IMPORT_INTERRUPTED : JOB_INTERRUPTED)
      else took = true
    }
    return took
  }
  const takeOver = (job: UnfinishedJob): boolean => {
    const handler = registry.handler(job.kind)
    if (!handler.retryable || !repo.claim(job, holder())) return false
    const stored = repo.get(job.id)!
    try {
      enqueue(job.id, job.kind, stored.assetId, handler.params(stored.params))
    } catch (error) {
      repo.finish(job.id, 'failed', now(), (error as Error).message, undefined, owner.id)
      return false
    }
    announce(job.id)
    return true
  }

  const beat = () => {
    lastBeat = Date.now()
    const gone = repo.renew([...entries.keys()], owner.id, Date.now() + lease)
    for (const id of gone) lost(entries.get(id)!)
    if (sweep()) pump()
  }
  const ticker = setInterval(() => {
    for (const entry of entries.values()) send(entry)
  }, TICK_MS)
  ticker.unref()
  const heartbeat = () => {
    // A library whose database was closed under it (tests do) has nothing left to renew.
    if (!repo.isOpen()) return void clearInterval(heart)
    try {
      beat()
    } catch (error) {
      // A busy database misses one beat; the lease outlasts three.
      console.error('A job lease could not be renewed:', error)
    }
  }
  const heart = setInterval(heartbeat, beatMs)
  heart.unref()
  // What it takes over at open runs once the library is composed (a handler runs against it), not before.
  if (sweep()) queueMicrotask(pump)

  /** Gives a job up as queued with no holder (its row first, so the stopped work's own ending is not stored). */
  const handBack = async (entry: Entry): Promise<void> => {
    if (repo.release(entry.id, owner.id)) announce(entry.id)
    lost(entry)
    await entry.settled
  }

  const cancelEntry = async (entry: Entry, why: string): Promise<void> => {
    const waiting = queue.indexOf(entry)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      release(entry)
      if (repo.finish(entry.id, 'cancelled', now(), null, undefined, owner.id)) announce(entry.id)
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
    start<K extends JobKind>(kind: K, params: JobParams<K>, label: JobLabel): JobOf<K> {
      const handler = registry.handler(kind)
      const checked = handler.params(params)
      const id = randomUUID()
      const assetId = label.assetId ?? null
      repo.insert({ id, kind, title: label.title, assetId, params: checked, createdAt: now(), holder: holder() })
      enqueue(id, kind, assetId, checked)
      announce(id)
      pump()
      return status(id) as JobOf<K>
    },
    /** One job, stored or running (any process's; progress only for this one's). */
    get: status,
    /** The newest jobs, of one kind or one asset when asked. */
    list: (filter: { kind?: JobKind; assetId?: string; limit: number }): Job[] =>
      repo.list(filter).flatMap((stored) => typedJob(stored, entries.get(stored.id)?.running?.progress ?? null) ?? []),
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
    /** Whether jobs of this kind are background work that `close` hands back, to resume at the library's next open. */
    resumable: (kind: JobKind): boolean => registry.handler(kind).retryable,
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
