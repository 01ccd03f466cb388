import path from 'node:path'
import { databaseIdentity, openReadOnlyDatabase, type OpenDatabaseOptions } from '../../db/open-database'
import { createFacetGroupsRepo } from '../../db/repos/facet-groups'
import { createFacetRowsRepo } from '../../db/repos/facet-rows'
import type { FacetIndexSources } from './facet-index'

/** Where a library keeps its facet index between runs: `derived/facet-index.bin`. */
export function facetSnapshotPath(libraryDir: string): string {
  return path.join(libraryDir, 'derived', 'facet-index.bin')
}

/** The facet index's sources for the library folder `root` and its database file. */
export function libraryFacetSources(
  root: string,
  databasePath: string,
  options: OpenDatabaseOptions = {},
): FacetIndexSources {
  return {
    openReader() {
      const db = openReadOnlyDatabase(databasePath, options)
      const reader = { repo: createFacetRowsRepo(db), groups: createFacetGroupsRepo(db) }
      return { ...reader, exec: (sql) => db.exec(sql), close: () => db.close() }
    },
    snapshot: { file: facetSnapshotPath(root), identity: () => databaseIdentity(databasePath) },
  }
}
