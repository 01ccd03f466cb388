import path from 'node:path'
import { createCatalog } from '../db/catalog'
import { isConnectionLoss } from '../db/postgres/catalogue-unavailable'
import { postgresChangeFeed } from '../db/postgres/postgres-change-feed'
import { postgresFacts } from '../db/postgres/postgres-facts'
import { JOB_CHANNEL, postgresJobSignals } from '../db/postgres/postgres-job-signals'
import type { CatalogueStatus, JobKind } from '../../shared/contract'
import type { SqlEngine } from '../db/sql/sql-engine'
import type { ObjectStore } from '../storage/object-store'
import { createEventBus } from '../library/event-bus'
import { ensureLibraryFolder } from '../library/library-location'
import { postgresBrowse } from '../services/browse/postgres-browse'
import { composeLibrary, type ComposeOptions } from './compose-library'
import type { Library } from '../services/library-context'
import { jobHandlers } from './job-handlers'

/**
 * The long work a hub's processes and workers share (issue 35): the kinds whose handlers may run anywhere
 * (`runs: 'anywhere'`), as their inputs and outputs are in the catalogue and the store; they wait in the catalogue for
 * any runner that claims them. The rest runs where it was started (imports read files on the hub's machine).
 */
export const HUB_QUEUED_KINDS: readonly JobKind[] = jobHandlers
  .filter((handler) => handler.runs === 'anywhere')
  .map((handler) => handler.kind)

/** A hub's catalogue: its engine, and the URL the change feed listens on (the same database and search path). */
export interface HubDatabase {
  url: string
  sql: SqlEngine
  /** Whether it serves (hub-database.ts): its going and coming back reach the clients as `catalogue:status`. */
  health?: {
    suspect(): void
    follow(listener: (status: CatalogueStatus) => void): () => void
  }
}

/** How a hub is composed: as any library, and where its bytes are. */
export interface HubOptions extends ComposeOptions {
  /** The hub's bytes (an S3 bucket's store); default: the folder store of `dir`. */
  store?: ObjectStore
  /**
   * Whether the catalogue's changes go out on this process's bus as `library:changed` (default yes). A worker serves
   * no window: it does not listen for them, which spares it a read of the log at every change of every process.
   */
  hearsChanges?: boolean
}

/**
 * Opens a hub's library: its catalogue on PostgreSQL (`database`, connected and migrated by its owner, who closes
 * it after the library), its bytes in `options.store` or else the folder `dir`, which holds this machine's
 * temporary files either way (uploads, scratch, downloads for tools). Its rows name copies by key alone. Changes
 * reach this process's clients through the catalogue's change log (LISTEN/NOTIFY), whichever process made them.
 */
export async function openHubLibrary(dir: string, database: HubDatabase, options: HubOptions = {}): Promise<Library> {
  const root = ensureLibraryFolder(path.resolve(dir))
  const events = createEventBus()
  const jobSignals = postgresJobSignals(database.sql)
  const { health } = database
  const feed = await postgresChangeFeed(database.url, database.sql, events, {
    channels: { [JOB_CHANNEL]: jobSignals.heard },
    changes: options.hearsChanges ?? true,
    // A catalogue out of reach is told once, by its health, not at each of the feed's tries.
    ...(health && {
      onError: (error: Error) => {
        if (isConnectionLoss(error)) health.suspect()
        else console.error('framevault: the change feed lost PostgreSQL:', error.message)
      },
    }),
  })
  // Clients hear the catalogue go and come back; once back, the feed listens again at once and catches up.
  const unfollow = health?.follow((status) => {
    events.emit('catalogue:status', status)
    if (status.available) feed.wake()
  })
  let open = true
  return composeLibrary(
    root,
    events,
    {
      catalog: createCatalog(database.sql),
      // Each commit is logged as one change (hub migration 0190): a long operation's writes go out as they commit.
      changes: { cursor: feed.cursor, since: feed.since, batch: (work) => work() },
      browse: postgresBrowse(database.sql),
      sqlite: null,
      rowNames: 'keys',
      store: options.store,
      // The files a hub imports by path are on the hub's machine, read once each.
      hashCache: null,
      describe: () => postgresFacts(database.sql, database.url),
      isOpen: () => open,
      jobQueue: { kinds: HUB_QUEUED_KINDS, signals: jobSignals.signals },
      async close() {
        open = false
        unfollow?.()
        await feed.close()
      },
    },
    options,
  )
}
