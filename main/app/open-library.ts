import path from 'node:path'
import type { Migration } from '../db/migration'
import { migrations as shippedMigrations } from '../db/migrations/index'
import { schemaVersion } from '../db/migrate'
import { openDatabase } from '../db/open-database'
import { createCatalog } from '../db/catalog'
import { createHashCacheRepo } from '../db/repos/hash-cache'
import { createLibraryRepos } from '../db/repos/library-repos'
import { sqliteEngine } from '../db/sql/sqlite-engine'
import { createChangeFeed, type ChangeFeedTiming } from '../db/change-feed'
import { createEventBus } from '../library/event-bus'
import { filesSize } from '../library/disk-usage'
import { DATABASE_FILE } from '../library/library-paths'
import { ensureLibraryFolder, refuseUnfinishedRestore } from '../library/library-location'
import { keepOwnedPathsCurrent } from '../library/owned-paths'
import { sqliteBrowse } from '../services/browse/sqlite-browse'
import { createFacetIndex } from '../services/facet-index/facet-index'
import { libraryFacetSources } from '../services/facet-index/facet-sources'
import { composeLibrary, type ComposeOptions } from './compose-library'
import type { LibraryDatabase, LocalLibrary } from '../services/library-context'

export interface OpenLibraryOptions extends ComposeOptions {
  migrations?: readonly Migration[]
  /** How often `library:changed` goes out and other processes' changes are looked for (shorter in tests). */
  changeTiming?: Partial<ChangeFeedTiming>
}

/** Opens the library folder `dir`, creating it and its database when missing, and composes its domains. */
export function openLibrary(dir: string, options: OpenLibraryOptions = {}): LocalLibrary {
  const root = ensureLibraryFolder(path.resolve(dir))
  refuseUnfinishedRestore(root)
  const databasePath = path.join(root, DATABASE_FILE)
  const { db, migration } = openDatabase(databasePath, options.migrations ?? shippedMigrations, options)
  // Before anything reads a path: a library folder that was moved has its copies' recorded paths follow it.
  keepOwnedPathsCurrent(db, root)
  const events = createEventBus()
  // Before any statement is prepared: each one that writes a tracked table reports it.
  const changes = createChangeFeed(db, events, options.changeTiming)
  const repos = createLibraryRepos(db)
  const facetIndex = createFacetIndex(repos.facetRows, libraryFacetSources(root, databasePath, options))
  const sqlite: LibraryDatabase = { path: databasePath, db, repos, migration, facetIndex }
  const lib = composeLibrary(
    root,
    events,
    {
      catalog: createCatalog(sqliteEngine(db)),
      changes,
      browse: sqliteBrowse(db, repos, facetIndex),
      sqlite,
      rowNames: 'paths',
      hashCache: createHashCacheRepo(db),
      describe: async () => ({
        location: databasePath,
        schemaVersion: schemaVersion(db),
        tables: repos.schemaStats.tableCounts(),
        bytes: await filesSize(['', '-wal', '-shm'].map((suffix) => databasePath + suffix)),
      }),
      isOpen: () => db.open,
      async close() {
        // Kept for the next run's first media:facets; a failure to write it costs that run a read, nothing else.
        await facetIndex.save().catch((error: unknown) => console.error('The facet index was not kept:', error))
        changes.close()
        db.close()
      },
    },
    options,
  )
  return Object.assign(lib, { sqlite, changes })
}
