import { randomUUID } from 'node:crypto'
import type { Job, JobKind, JobOf, JobParams, JobProgress, JobQueue } from '../../shared/contract'
import { JobKind as JobKinds } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { JobHolder, JobsRepo, StoredJob, UnfinishedJob } from '../db/repos/jobs'
import { JobTakenOver, type BoundJobHandler, type JobRegistry } from './job-handler'
import { newEntry, runEntry, type Entry } from './job-entry'
import { leaseMs, newLeaseOwner } from './job-lease'
import { leaseBeat } from './lease-beat'
import { serialLoop } from './serial-loop'
import type { JobSignal } from './job-signals'
import { jobWaiters } from './job-waiters'
import { heardReads } from './heard-reads'
import { jobUpdatesOut } from './updates-out'
import { queuePresence } from './queue-presence'
import type { ActiveJob, JobLabel, JobListeners, JobRunnerOptions } from './runner-options'
import { typedJob } from './typed-job'

const TICK_MS = 100
// How long a cancel of a job another process holds waits for it to end before answering with it as it stands.
const CANCEL_WAIT_MS = 5_000

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
  const owner = newLeaseOwner()
  const queue: Entry[] = []
  const entries = new Map<string, Entry>()
  const busy = new Set<string>()
  let counted = 0
  const holder = (): JobHolder => ({ ...owner, leaseUntil: Date.now() + lease })
  const { queue: shared } = options
  const inQueue = (kind: JobKind) => shared?.kinds.includes(kind) === true
  // Whether a job runs without taking a place: by its kind, or because workers elsewhere do the work it waits on.
  const uncountedHere = (handler: BoundJobHandler) => handler.uncounted || handler.waitsOn.some(inQueue)
  // The progress of jobs other runners of a shared queue run, as their signals told it.
  const elsewhere = new Map<string, JobProgress>()
  // A job shows progress while it runs: a late report of a runner that lost it shows on no job that has ended.
  const progressOfJob = ({ id, state }: StoredJob) =>
    state === 'running' ? (entries.get(id)?.running?.progress ?? elsewhere.get(id) ?? null) : null
  let closed = false

  const status = async (id: string): Promise<Job> => {
    const stored = await repo.get(id)
    if (!stored) throw new AppError('not_found', `No job ${id}.`)
    return readJob(stored)
  }
  const readJob = (stored: StoredJob): Job => {
    const job = typedJob(stored, progressOfJob(stored))
    if (!job)
      throw new AppError('internal', `Job ${stored.id} was stored by another Framevault version and cannot be read.`)
    return job
  }
  const signal = (said: JobSignal) => shared?.signals.send(said)
  const updatesOut = jobUpdatesOut(signal)
  // Tells every window of a job as it stands: as a write of this runner returned it, else as read now. `waits`: the
  // job waits for a claim, which the runners that claim hear at once.
  const announce = async (id: string, written?: StoredJob, waits = false): Promise<Job> => {
    const job = written ? readJob(written) : await status(id)
    listeners.updated(job)
    const ended = !isUnfinished(job)
    updatesOut.tell({ type: 'updated', id, from: owner.id, ...(waits && { waits }) }, ended || waits)
    if (ended) waiters.wake(id)
    return job
  }
  // The progress a tick has not carried yet: to this process's windows, and to the other runners' unless it is the
  // last before the job ends (their read of the ended job shows none).
  const send = (entry: Entry, last = false) => {
    const run = entry.running
    if (!run?.dirty || !run.progress) return
    run.dirty = false
    listeners.progress(entry.id, entry.kind, run.progress)
    if (!last) signal({ type: 'progress', id: entry.id, kind: entry.kind, progress: run.progress, from: owner.id })
  }

  const pump = () => {
    for (let at = 0; at < queue.length;) {
      const entry = queue[at]!
      const { exclusive } = entry.handler
      const uncounted = uncountedHere(entry.handler)
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
        claimSoon()
        // How busy it is shows in every window's queue as it changes.
        if (!closed && inQueue(entry.kind)) presence.tell()
      })
    }
  }
  const release = (entry: Entry) => {
    entries.delete(entry.id)
    entry.settle()
  }

  // Never rejects: a catalogue out of reach while a job starts or ends leaves its row to its lease (another runner,
  // or this one's next sweep, takes it from there), in words, and the process goes on.
  const run = async (entry: Entry) => {
    const ended = await runEntry(entry, {
      repo,
      ownerId: owner.id,
      announce,
      send,
      reported: () => beats.reported(),
      stillHeld: (entry) => beats.stillHeld(entry),
    }).catch((error: unknown) => {
      console.error(`framevault: the ${entry.kind} job ${entry.id} could not be recorded:`, error)
      return null
    })
    if (ended) await followUp(ended)
  }

  /**
   * Queues the jobs that follow an ended job of this runner's, before it settles (waiting on it sees them queued).
   * Never rejects: a catalogue out of reach leaves them unqueued, in words, and the runner goes on.
   */
  const followUp = async (ended: Job) => {
    for (const next of registry.followUps(ended.kind)) {
      await next.after(ended).catch((error: unknown) => {
        console.error(`framevault: the ${next.kind} job after a ${ended.kind} job was not queued:`, error)
      })
    }
  }

  /** Queues a job this runner holds (its row stored already). */
  const enqueue = (id: string, kind: JobKind, label: JobLabel, params: unknown): Entry => {
    const entry = newEntry(id, label, registry.handler(kind), params)
    entries.set(id, entry)
    queue.push(entry)
    return entry
  }

  /**
   * Queues a job this runner holds, by its stored row; false (the job failed, in words told to every window) when its
   * parameters do not read.
   */
  const enqueueStored = async (stored: StoredJob): Promise<boolean> => {
    const { id } = stored
    try {
      const label = { title: stored.title, assetId: stored.assetId }
      enqueue(id, stored.kind, label, registry.handler(stored.kind).params(stored.params))
      return true
    } catch (error) {
      const failed = await repo.finish(id, 'failed', now(), (error as Error).message, undefined, owner.id)
      await announce(id, failed ?? undefined)
      return false
    }
  }

  // Claims from a shared queue: one loop at a time, which takes waiting jobs while this runner has places free.
  const places = () => options.concurrency - counted - queue.filter((entry) => !uncountedHere(entry.handler)).length
  const claimable = () =>
    (shared?.claims ?? []).filter((kind) => {
      const { exclusive } = registry.handler(kind)
      return exclusive === undefined || !busy.has(exclusive)
    })
  const claimWhileFree = async () => {
    while (!closed && places() > 0) {
      const claimed = await repo.claimNext(holder(), claimable())
      if (claimed === null) return
      // Not told as claimed: with a place free and its exclusive key too, it starts at once, told as running.
      if (await enqueueStored(claimed)) {
        pump()
        presence.tell()
      }
    }
  }
  const claims = serialLoop(claimWhileFree, (error) => console.error('framevault: no job could be claimed:', error))
  const claimSoon = () => {
    if (shared?.claims.length && !closed) claims.soon()
  }

  /** Stops the work of a job this runner no longer holds, writing nothing of it. */
  const lost = (entry: Entry) => {
    const waiting = queue.indexOf(entry)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      release(entry)
    }
    entry.running?.controller.abort(new JobTakenOver())
  }
  const takeOver = async (job: UnfinishedJob): Promise<boolean> => {
    const handler = registry.handler(job.kind)
    if (!handler.retryable || !(await repo.claim(job, holder()))) return false
    const taken = (await repo.get(job.id))!
    if (!(await enqueueStored(taken))) return false
    await announce(job.id, taken)
    return true
  }
  const beats = leaseBeat({
    repo,
    owner,
    leaseMs: lease,
    entries,
    lost,
    cancelAsked: (id) => heard({ type: 'cancel', id }),
    inQueue,
    attempts: shared?.attempts,
    takeOver,
    announce,
    waitAgain: () => signal({ type: 'waiting' }),
    isOpen: options.isOpen,
    async afterBeat(took) {
      if (took) pump()
      await waiters.wakeEnded()
      claimSoon()
      if (!closed) presence.tell()
    },
  })

  const presence = queuePresence({
    owner,
    claims: shared?.claims ?? [],
    concurrency: options.concurrency,
    everyMs: beats.beatMs,
    running: () => counted,
    send: signal,
  })

  /** What this runner hears of the other runners of its shared queue. */
  const heard = (said: JobSignal) => {
    if (said.type === 'waiting') return claimSoon()
    if (said.type === 'updated' && said.waits) claimSoon()
    if (said.type === 'present') return presence.heardPresent(said)
    if (said.type === 'gone') return presence.heardGone(said.from)
    if (said.type === 'cancel') {
      const entry = entries.get(said.id)
      return void (entry && cancelEntry(entry, 'The job was cancelled.'))
    }
    if (said.from === owner.id) return
    // A runner that follows no one else's jobs (a worker's) reads only those it waits for.
    if (shared?.followsOthers === false && (said.type === 'progress' || !waiters.waits(said.id))) return
    if (said.type === 'progress') {
      elsewhere.set(said.id, said.progress)
      return listeners.progress(said.id, said.kind, said.progress)
    }
    heardChanged.add(said.id)
  }
  const heardChanged = heardReads(repo, (stored) => {
    const job = readJob(stored)
    if (job.state !== 'running') elsewhere.delete(job.id)
    listeners.updated(job)
    if (!isUnfinished(job)) waiters.wake(job.id)
  })
  const stopHearing = shared?.signals.listen(heard)

  const ticker = setInterval(() => {
    for (const entry of entries.values()) send(entry)
  }, TICK_MS)
  ticker.unref()

  /** Cancels a job this runner does not hold, in a shared queue: waits a few seconds for its holder to stop it. */
  const cancelElsewhere = async (id: string, by: string | null): Promise<void> => {
    const asked = await repo.requestCancel(id, now(), by)
    if (asked === 'cancelled') await announce(id)
    if (asked !== 'asked') return
    signal({ type: 'cancel', id })
    await Promise.race([waiters.ended(id), delay(CANCEL_WAIT_MS)])
  }

  // Who waits for jobs that run elsewhere to end.
  const waiters = jobWaiters(repo)

  /** Gives a job up as queued with no holder (its row first, so the stopped work's own ending is not stored). */
  const handBack = async (entry: Entry): Promise<void> => {
    if (await repo.release(entry.id, owner.id, now())) await announce(entry.id)
    lost(entry)
    await entry.settled
  }

  const cancelEntry = async (entry: Entry, why: string): Promise<void> => {
    const waiting = queue.indexOf(entry)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      release(entry)
      const cancelled = await repo.finish(entry.id, 'cancelled', now(), null, undefined, owner.id)
      if (cancelled) await announce(entry.id, cancelled)
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
      const waits = inQueue(kind)
      // Queued while closing (a follow-up of a job the close stopped): left with no holder, for the next open.
      const later = closed && !waits
      const { title, requestedBy } = label
      const stored = await repo.insert({
        id,
        kind,
        title,
        assetId,
        params: checked,
        createdAt: now(),
        holder: waits || later ? null : holder(),
        requestedBy,
      })
      await label.stored?.(id)
      if (later) return readJob(stored) as JobOf<K>
      if (waits) {
        const waiting = await announce(id, stored, true)
        claimSoon()
        return waiting as JobOf<K>
      }
      const entry = enqueue(id, kind, label, checked)
      const queued = readJob(stored)
      // Told as queued before it is told running: it runs from here on.
      if (entry.running === null && entries.has(id)) listeners.updated(queued)
      pump()
      return queued as JobOf<K>
    },
    /** One job, stored or running (any process's; progress only for this one's). */
    get: status,
    /** The newest jobs, of one kind or one asset when asked. */
    list: async (filter: { kind?: JobKind; assetId?: string; limit: number }): Promise<Job[]> =>
      (await repo.list(filter)).flatMap((stored) => typedJob(stored, progressOfJob(stored)) ?? []),
    /**
     * Cancels a queued or running job and waits until it has stopped: one of this process, or in a shared queue one
     * waiting (at once) or held by another runner (asked to stop; answered as it stands after a few seconds).
     * `by`: who asks, by name (a team library's person), stored as the job's `cancelledBy`.
     */
    async cancel(id: string, by: string | null = null): Promise<Job> {
      const entry = entries.get(id)
      if (entry) {
        if (by !== null) await repo.nameCanceller(id, by)
        await cancelEntry(entry, 'The job was cancelled.')
      } else if (shared) await cancelElsewhere(id, by)
      const job = await status(id)
      if (!shared && (job.state === 'queued' || job.state === 'running')) {
        throw new AppError('conflict', `Job ${id} runs in another Framevault process; cancel it there.`)
      }
      return job
    },
    /**
     * Queues a failed or cancelled job again with the parameters it was asked with (its error and result cleared):
     * in a shared queue for any runner, else here. AppError 'conflict' for one that has not ended so, 'validation'
     * for a kind whose jobs are not run again as they were (an import: import the same files again).
     */
    async retry(id: string): Promise<Job> {
      const stored = await repo.get(id)
      if (!stored) throw new AppError('not_found', `No job ${id}.`)
      const handler = registry.handler(stored.kind)
      if (!handler.rerunnable) {
        throw new AppError('validation', `A ${stored.kind} job is not run again as it was: start a new one.`)
      }
      const waits = inQueue(stored.kind)
      if (!(await repo.retry(id, waits ? null : holder()))) {
        throw new AppError('conflict', `Job ${id} has not failed or been cancelled: only those are retried.`)
      }
      if (waits) await announce(id, undefined, true)
      else {
        const queued = (await repo.get(id))!
        if (await enqueueStored(queued)) {
          await announce(id, queued)
          pump()
        }
      }
      claimSoon()
      return status(id)
    },
    /**
     * Replaces the result of an ended job (checked by its handler's schema) and tells every window: a batch whose
     * assets' jobs were retried since it ended counts their latest attempts. False for a job that has not ended.
     */
    async amendResult(id: string, result: unknown): Promise<boolean> {
      const stored = await repo.get(id)
      if (!stored) throw new AppError('not_found', `No job ${id}.`)
      if (!(await repo.amendResult(id, registry.handler(stored.kind).result(result)))) return false
      await announce(id)
      return true
    },
    /** Where jobs run: the shared queue's kinds, the workers claiming from it and how many jobs wait (jobs:queue). */
    queue: async (): Promise<JobQueue> => ({
      shared: shared !== undefined,
      kinds: [...(shared?.kinds ?? [])],
      workers: presence.workers(),
      waiting: shared ? await repo.waiting() : 0,
      rerunnable: JobKinds.options.filter((kind) => registry.handler(kind).rerunnable),
    }),
    /** The jobs of this process that are queued or running, as this process knows them (no read). */
    active: (): ActiveJob[] => [...entries.values()].map(({ id, kind, title }) => ({ id, kind, title })),
    /**
     * Resolves when no job of `kinds` is queued or running in this process (those queued meanwhile too), nor being
     * claimed: a job it just started in a shared queue is this runner's once its claim, under way, has taken it.
     */
    async idle(kinds: readonly JobKind[]): Promise<void> {
      for (;;) {
        const open = [...entries.values()].filter((entry) => kinds.includes(entry.kind))
        if (open.length > 0) await Promise.all(open.map((entry) => entry.settled))
        else if (claims.busy()) await claims.idle()
        else return
      }
    },
    /** Whether jobs of this kind are background work that `close` hands back, to resume at the library's next open. */
    resumable: (kind: JobKind): boolean => registry.handler(kind).retryable,
    /** Settles once the sweep at start is done: the jobs other holders lost are taken over (queued here) or failed. */
    swept: beats.swept,
    /**
     * Resolves when a job of this process has ended; in a shared queue also one that waits or runs elsewhere, once
     * its row says it ended (at once for any other job, and once this runner closes).
     */
    settled: (id: string): Promise<void> =>
      entries.get(id)?.settled ?? (shared ? waiters.ended(id) : Promise.resolve()),
    /**
     * Stops every job of this process and waits until the running ones have stopped: a job of a retryable kind is
     * handed back, queued with no holder, for the next process that runs jobs to take over (a short CLI command
     * that took one over at open must not cancel it); any other is cancelled.
     */
    async close(): Promise<void> {
      presence.leave()
      closed = true
      stopHearing?.()
      heardChanged.stop()
      clearInterval(ticker)
      await beats.stop()
      await claims.idle()
      waiters.wakeAll()
      await Promise.all(
        [...entries.values()].map((entry) =>
          entry.handler.retryable || inQueue(entry.kind)
            ? handBack(entry)
            : cancelEntry(entry, 'Framevault is closing.'),
        ),
      )
      // What it held back of the last changes (a job handed back) goes out while the catalogue is still open.
      updatesOut.flush()
    },
  }
}
export type JobRunner = ReturnType<typeof createJobRunner>

function now(): string {
  return new Date().toISOString()
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const isUnfinished = (job: Job) => job.state === 'queued' || job.state === 'running'
