import type { JobsRepo } from '../db/repos/jobs'

/**
 * Who waits for jobs a runner does not hold to end (they run in another process): woken when the runner hears a job
 * ended (`wake`), and by one read of every waited job at each beat (`wakeEnded`) for an end it did not hear of.
 */
export function jobWaiters(repo: Pick<JobsRepo, 'unfinishedOf'>) {
  const waiters = new Map<string, Array<() => void>>()
  const wake = (id: string) => {
    const waiting = waiters.get(id)
    waiters.delete(id)
    for (const done of waiting ?? []) done()
  }
  const wakeEnded = async (ids: string[] = [...waiters.keys()]) => {
    const open = await repo.unfinishedOf(ids)
    for (const id of ids) if (!open.has(id)) wake(id)
  }
  return {
    wake,
    /** Whether anyone waits for this job. */
    waits: (id: string): boolean => waiters.has(id),
    /** Wakes those waiting for jobs that are no longer queued or running (all waited jobs when none are given). */
    wakeEnded,
    /** Wakes everyone (the runner closes). */
    wakeAll: () => [...waiters.keys()].forEach(wake),
    /** Resolves once the job has ended (or everyone is woken). */
    ended(id: string): Promise<void> {
      const ended = new Promise<void>((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]))
      wakeEnded([id]).catch((error: unknown) => console.error('framevault: a job could not be read:', error))
      return ended
    },
  }
}
