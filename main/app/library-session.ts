import type { EventMessage } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library, LibrarySwitch, LocalLibrary } from '../services/library-context'
import { libraryHolds } from './library-holds'
import { openLibrary, type OpenLibraryOptions } from './open-library'

type Listener = (event: EventMessage) => void

// Job titles named in the refusal; the Jobs page lists the rest.
const NAMED_JOBS = 3

/** What a host serves: the library open now, and the events of whichever library is open. */
export interface LibrarySource {
  readonly current: Library
  /**
   * Runs one request on the library open now; a switch meanwhile puts another in its place for later
   * requests, and closes this one only once its requests have settled.
   */
  use<T>(work: (library: Library) => Promise<T> | T): Promise<T>
  /** Subscribes to every event of the open library, and of each library opened in its place later. */
  subscribe(listener: Listener): () => void
}

/** A host's open library that `library:open` can replace with another (see openLibrarySession). */
export interface LibrarySession extends LibrarySource {
  /** The library folder open now. */
  readonly current: LocalLibrary
  /** Closes the open library, as the host stops. */
  close(): Promise<void>
}

/**
 * Opens the library in `dir` for an app host (web or Electron) so that `library:open` can put
 * another library in its place, through the same composition root and options. A switch is
 * refused while jobs of this process are queued or running (background work aside: it pauses, to resume
 * at the library's next open); otherwise the other library is
 * opened first (a failure leaves this one open) and serves every request from then on; this one
 * is closed once the requests it was serving have settled (at most 30 s): watchers and workers
 * stopped, database closed. Then every client hears `library:opened` (and reloads), and
 * `onSwitched` is called.
 */
export function openLibrarySession(
  dir: string,
  options: OpenLibraryOptions = {},
  onSwitched?: (library: Library) => void,
): LibrarySession {
  const listeners = new Set<Listener>()
  const forward: Listener = (event) => {
    for (const listener of listeners) listener(event)
  }
  const holds = libraryHolds()
  let previous: { dir: string; id: string } | undefined
  let switching: Promise<void> | undefined
  const switchLibrary: LibrarySwitch = {
    previous: () => previous,
    open(next, expectedId) {
      if (switching) return Promise.reject(new AppError('conflict', 'Another library is being opened; try again.'))
      switching = replaceWith(next, expectedId).finally(() => (switching = undefined))
      return switching
    },
  }
  let current = openLibrary(dir, { ...options, switchLibrary })
  let unsubscribe = current.events.subscribe(forward)

  async function replaceWith(next: string, expectedId: string): Promise<void> {
    refuseWhileJobsRun(current)
    const opened = openLibrary(next, { ...options, switchLibrary })
    let closingId: string
    try {
      const { meta } = opened.catalog.repos
      const [openedId, openedName] = [(await meta.get('library_id')) ?? '', (await meta.get('name')) ?? '']
      if (openedId !== expectedId) {
        throw new AppError(
          'conflict',
          `${next} now holds another library (“${openedName}”) than the one recorded there; it was not opened.`,
          { path: next },
        )
      }
      closingId = (await current.catalog.repos.meta.get('library_id')) ?? ''
      // Again, with nothing awaited from here to the swap: a job may have started while the facts were read.
      refuseWhileJobsRun(current)
    } catch (error) {
      await opened.close()
      throw error
    }
    const closing = current
    unsubscribe()
    current = opened
    unsubscribe = opened.events.subscribe(forward)
    previous = { dir: closing.dir, id: closingId }
    await holds.drained(closing)
    await closing.close()
    const openedName = (await opened.catalog.repos.meta.get('name')) ?? ''
    forward({ name: 'library:opened', payload: { path: opened.dir, name: openedName } })
    onSwitched?.(opened)
  }

  return {
    get current() {
      return current
    },
    use: (work) => holds.use(current, work),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      await switching?.catch(() => undefined)
      unsubscribe()
      return current.close()
    },
  }
}

/** The source of a host given one library it never replaces (tests, embedders), or the session itself. */
export function librarySource(library: Library | LibrarySource): LibrarySource {
  if ('current' in library) return library
  return {
    current: library,
    use: async (work) => work(library),
    subscribe: (listener) => library.events.subscribe(listener),
  }
}

/**
 * Throws, in words, while jobs of this process are queued or running that closing the library would cancel.
 * Background work (near-duplicate hashing, checkpoint deletion: retryable kinds) pauses instead: closing hands
 * it back, queued, and the library's next open resumes it where it stopped.
 */
function refuseWhileJobsRun(library: Library): void {
  const active = library.jobs.active().filter((job) => !library.jobs.resumable(job.kind))
  if (active.length === 0) return
  const named = active.slice(0, NAMED_JOBS).map((job) => `“${job.title}”`)
  const more = active.length > NAMED_JOBS ? ` and ${active.length - NAMED_JOBS} more` : ''
  throw new AppError(
    'conflict',
    `${active.length === 1 ? '1 job is' : `${active.length} jobs are`} still running in this library ` +
      `(${named.join(', ')}${more}). Wait for ${active.length === 1 ? 'it' : 'them'} to finish or cancel ` +
      `${active.length === 1 ? 'it' : 'them'} on the Jobs page, then open the other library.`,
    { jobs: active.map((job) => job.id) },
  )
}
