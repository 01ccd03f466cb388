import path from 'node:path'
import { afterEach } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { createLibraryRepos } from '../../main/db/repos/library-repos'
import type { SqlEngine } from '../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import type { MediaBrowse } from '../../main/services/browse/media-browse'
import { postgresBrowse } from '../../main/services/browse/postgres-browse'
import { sqliteBrowse } from '../../main/services/browse/sqlite-browse'
import { createFacetIndex } from '../../main/services/facet-index/facet-index'
import { libraryFacetSources } from '../../main/services/facet-index/facet-sources'
import { freshEngine } from './sql-engines'
import { tempDir } from './temp-dir'

const closers: Array<() => void> = []
afterEach(() => closers.splice(0).forEach((close) => close()))

/**
 * A library's browse over a fresh SQLite file and a hub's over a fresh PostgreSQL schema, each filled by `fill`
 * (closed after the current test).
 */
export async function browseOnBothEngines(fill: (sql: SqlEngine) => Promise<void>): Promise<{
  sqlite: MediaBrowse
  postgres: MediaBrowse
  engines: { sqlite: SqlEngine; postgres: SqlEngine }
}> {
  const root = tempDir()
  const file = path.join(root, 'library.db')
  const { db } = openDatabase(file, migrations)
  closers.push(() => db.close())
  const engines = { sqlite: sqliteEngine(db), postgres: await freshEngine('postgres') }
  await fill(engines.sqlite)
  await fill(engines.postgres)
  const repos = createLibraryRepos(db)
  const facetIndex = createFacetIndex(repos.facetRows, libraryFacetSources(root, file))
  return { sqlite: sqliteBrowse(db, repos, facetIndex), postgres: postgresBrowse(engines.postgres), engines }
}
