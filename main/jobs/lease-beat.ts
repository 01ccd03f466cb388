import type { JobKind } from '../../shared/contract'
import type { JobsRepo, UnfinishedJob } from '../db/repos/jobs'
import type { Entry } from './job-entry'
import type { LeaseOwner } from './job-lease'
import { sweepLostJobs } from './lease-sweep'

/** What a runner's lease beat needs of its runner. */
export interface BeatOf {
  repo: JobsRepo
  owner: LeaseOwner
  /** How long a lease lasts unrenewed; the beat comes every third of it. */
  leaseMs: number
  /** The jobs the runner holds (queued or running), by id. */
  entries: ReadonlyMap<string, Entry>
  /** Stops the work of a job the runner no longer holds, writing nothing of it. */
  lost(entry: Entry): void
  /** Hears that some process asked to cancel a job the runner holds. */
  cancelAsked(id: string): void
  /** Whether jobs of a kind wait in a shared queue, and how often one is claimed before a lost holder fails it. */
  inQueue(kind: JobKind): boolean
  attempts: number | undefined
  /** Takes a lost job over to run it here (queued, run once the runner pumps); false when it did not. */
  takeOver(job: UnfinishedJob): Promise<boolean>
  /** Tells every window of a job's new state. */
  announce(id: string): Promise<unknown>
  /** Tells the runners of the shared queue that jobs wait again. */
  waitAgain(): void
  /** What the runner does after each beat: runs what the sweep took over (`took`), wakes waiters, claims. */
  afterBeat(took: boolean): Promise<void>
  /** Whether the database is still open: a runner stops renewing once it is not (tests close it under a runner). */
  isOpen?: () => boolean
}

/**
 * A runner's beat, every third of its lease: it renews the leases of the jobs it holds (stopping the work of those
 * another runner took over, and those some process asked to cancel), then sweeps the jobs other holders lost (see
 * lease-sweep.ts). The first beat runs once the caller's composition is done; `swept` settles when it has.
 */
export function leaseBeat(runner: BeatOf) {
  const { repo, owner, leaseMs, entries } = runner
  const beatMs = Math.max(1, Math.floor(leaseMs / 3))
  let lastBeat = Date.now()

  /** Takes over or fails the jobs other holders lost; whether it took any (they run once the runner pumps). */
  const sweep = async (): Promise<boolean> => {
    const { took, waitAgain } = await sweepLostJobs(repo, runner)
    if (waitAgain) runner.waitAgain()
    return took
  }
  const beat = async () => {
    lastBeat = Date.now()
    const { gone, cancelled } = await repo.renew([...entries.keys()], owner.id, Date.now() + leaseMs)
    for (const id of gone) {
      const entry = entries.get(id)
      if (entry) runner.lost(entry)
    }
    for (const id of cancelled) runner.cancelAsked(id)
    await runner.afterBeat(await sweep())
  }
  // The beat in progress: one at a time, and closing waits for it.
  let beating: Promise<void> | undefined
  const heartbeat = (): Promise<void> => {
    // A library whose database was closed under it (tests do) has nothing left to renew.
    if (runner.isOpen?.() === false) {
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
  const swept: Promise<void> = new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => heartbeat())

  return {
    swept,
    /** Renews one job's lease now; when another runner took it, its work stops (signal aborted) and this throws. */
    async stillHeld(entry: Entry): Promise<void> {
      const { gone } = await repo.renew([entry.id], owner.id, Date.now() + leaseMs)
      if (gone.length > 0) runner.lost(entry)
      entry.running?.controller.signal.throwIfAborted()
    },
    /** Hears that work reported progress: a beat long overdue means this process was stopped, so one beats now. */
    reported(): void {
      if (Date.now() - lastBeat > 2 * beatMs) void heartbeat()
    },
    /** How often it beats: the runner's presence in a shared queue is told as often. */
    beatMs,
    /** Beats no more; settles once the first sweep and the beat in progress are done. */
    async stop(): Promise<void> {
      clearInterval(heart)
      await swept
      await beating
    },
  }
}
