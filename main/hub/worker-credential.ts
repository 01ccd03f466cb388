import type { Caller } from '../dispatch'
import type { Library } from '../services/library-context'
import type { HubCatalogue } from './hub-database'
import type { WorkerSetup } from './worker-setup'

/** The worker setup a hub hands out, and the watch on who was handed its credential. */
export interface WorkerCredential {
  /** The setup for `GET /worker` now, noting the admin it goes to. */
  setup(caller: Caller | undefined): WorkerSetup
  /** Watches no more. */
  stop(): void
}

/**
 * What `GET /worker` hands out (`rest` and the catalogue's worker URL), kept from those who leave: the admins it
 * was handed to are noted, and once one of them is an admin no more (demoted or removed, through whichever hub
 * process: the catalogue's change feed tells), the workers' role gets a new password and its open sessions end.
 * Workers then ask the hub again with their tokens (hub-worker.ts); the one who left cannot. Against a `--database`
 * whose roles are its admin's, nothing is rotated (docs/hub.md says what to do).
 */
export function workerCredential(
  catalogue: Pick<HubCatalogue, 'workerUrl' | 'rotateWorkers'>,
  rest: Omit<WorkerSetup, 'database'>,
  library: Pick<Library, 'events' | 'catalog'>,
): WorkerCredential {
  const { rotateWorkers } = catalogue
  const shownTo = new Set<number>()
  let checking = Promise.resolve()
  const check = () => {
    checking = checking
      .then(async () => {
        if (shownTo.size === 0 || !rotateWorkers) return
        const admins = new Set(
          (await library.catalog.repos.people.list()).filter((one) => one.role === 'admin').map((one) => one.id),
        )
        if ([...shownTo].every((id) => admins.has(id))) return
        await rotateWorkers()
        shownTo.clear()
        console.log("Workers' catalogue credential changed: an admin it was given to is an admin no more.")
      })
      .catch((error: unknown) => {
        console.error(`framevault hub: the workers' catalogue credential was not changed: ${(error as Error).message}`)
      })
  }
  const stop = library.events.subscribe((event) => {
    if (event.name === 'library:changed' && event.payload.tables.includes('people')) check()
  })
  return {
    setup(caller) {
      if (caller?.person) shownTo.add(caller.person.id)
      return { ...rest, database: catalogue.workerUrl() }
    },
    stop,
  }
}
