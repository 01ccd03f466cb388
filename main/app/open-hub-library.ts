import path from 'node:path'
import { createCatalog } from '../db/catalog'
import { postgresChangeFeed } from '../db/postgres/postgres-change-feed'
import { postgresFacts } from '../db/postgres/postgres-facts'
import type { SqlEngine } from '../db/sql/sql-engine'
import { createEventBus } from '../library/event-bus'
import { ensureLibraryFolder } from '../library/library-location'
import { postgresBrowse } from '../services/browse/postgres-browse'
import { composeLibrary, type ComposeOptions } from './compose-library'
import type { Library } from './library-context'

/** A hub's catalogue: its engine, and the URL the change feed listens on (the same database and search path). */
export interface HubDatabase {
  url: string
  sql: SqlEngine
}

/**
 * Opens a hub's library: its catalogue on PostgreSQL (`database`, connected and migrated by its owner, who closes
 * it after the library) and its files in the folder `dir`. Changes reach this process's clients through the
 * catalogue's change log (LISTEN/NOTIFY), whichever process made them.
 */
export async function openHubLibrary(
  dir: string,
  database: HubDatabase,
  options: ComposeOptions = {},
): Promise<Library> {
  const root = ensureLibraryFolder(path.resolve(dir))
  const events = createEventBus()
  const feed = await postgresChangeFeed(database.url, database.sql, events)
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
      // The files a hub imports by path are on the hub's machine, read once each.
      hashCache: null,
      describe: () => postgresFacts(database.sql, database.url),
      isOpen: () => open,
      async close() {
        open = false
        await feed.close()
      },
    },
    options,
  )
}
