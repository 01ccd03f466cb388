import type { JobsRepo, StoredJob } from '../db/repos/jobs'

// How long the reads of jobs other runners changed gather: a short job's claim and start, heard within it, are one read.
const GATHER_MS = 10

/**
 * Reads the jobs other runners said they changed: the ids heard within GATHER_MS of the first, in one statement,
 * each handed to `read` as it stands then (a job changed twice meanwhile is read once, as it is at last). A job that
 * does not read is told in words; the others go on.
 */
export function heardReads(repo: Pick<JobsRepo, 'many'>, read: (stored: StoredJob) => void) {
  const ids = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const readGathered = async () => {
    timer = undefined
    const asked = [...ids]
    ids.clear()
    for (const stored of await repo.many(asked)) {
      try {
        read(stored)
      } catch (error) {
        console.error('framevault: a job another process changed could not be read:', error)
      }
    }
  }
  return {
    add(id: string): void {
      ids.add(id)
      timer ??= setTimeout(() => {
        readGathered().catch((error: unknown) =>
          console.error('framevault: the jobs other processes changed could not be read:', error),
        )
      }, GATHER_MS)
    },
    /** Reads nothing more (the runner closes). */
    stop(): void {
      clearTimeout(timer)
      timer = undefined
      ids.clear()
    },
  }
}
