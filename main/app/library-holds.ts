import { AsyncLocalStorage } from 'node:async_hooks'
import type { Library } from '../services/library-context'

/** How long a library that was switched away from waits for its requests before it closes anyway. */
export const DRAIN_MS = 30_000

/**
 * The requests each library is serving, so that a library put out of use by a switch closes only once
 * the requests that started on it have finished (none fails with "the database connection is not open").
 */
export interface LibraryHolds {
  /** Runs `work` on `library`, counted as one of its requests until it settles. */
  use<T>(library: Library, work: (library: Library) => Promise<T> | T): Promise<T>
  /**
   * Resolves once `library` serves no request but the one asking (a `library:open` runs as a request of
   * the library it replaces), or after `timeoutMs`.
   */
  drained(library: Library, timeoutMs?: number): Promise<void>
}

/** Counts of the requests in flight per library. */
export function libraryHolds(): LibraryHolds {
  const counts = new Map<Library, number>()
  const waiters = new Map<Library, Set<() => void>>()
  const serving = new AsyncLocalStorage<Library>()
  const allowed = (library: Library) => (serving.getStore() === library ? 1 : 0)
  const settle = (library: Library) => {
    for (const wake of waiters.get(library) ?? []) wake()
  }

  return {
    async use(library, work) {
      counts.set(library, (counts.get(library) ?? 0) + 1)
      try {
        return await serving.run(library, () => work(library))
      } finally {
        const left = (counts.get(library) ?? 1) - 1
        if (left === 0) counts.delete(library)
        else counts.set(library, left)
        settle(library)
      }
    },
    drained(library, timeoutMs = DRAIN_MS) {
      const own = allowed(library)
      return new Promise<void>((resolve) => {
        const check = () => {
          if ((counts.get(library) ?? 0) > own) return
          clearTimeout(timer)
          waiters.get(library)?.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.get(library)?.delete(check)
          resolve()
        }, timeoutMs)
        const set = waiters.get(library) ?? new Set()
        set.add(check)
        waiters.set(library, set)
        check()
      })
    },
  }
}
