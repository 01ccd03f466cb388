import type { Library } from '../library-context'
import { startHashing } from './hash-job'

/**
 * Starts the near-duplicate hashing job after each import that added assets (issue 21: in the background,
 * never delaying the import: it queues once the import has ended). Returns the unsubscribe.
 */
export function hashAfterImports(lib: Pick<Library, 'catalog' | 'events' | 'jobs'>): () => void {
  return lib.events.subscribe((event) => {
    if (event.name !== 'job:updated') return
    const { job } = event.payload
    if (job.kind !== 'import' || job.state !== 'done' || (job.result?.counts.imported ?? 0) === 0) return
    startHashing(lib).catch((error: unknown) => {
      // A library that is closing refuses new jobs; the next open's import or `similar hash` picks the assets up.
      console.error('Near-duplicate hashing did not start:', error)
    })
  })
}
