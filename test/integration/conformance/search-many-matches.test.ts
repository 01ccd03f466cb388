import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MediaSort } from '../../../shared/contract'
import { migrations } from '../../../main/db/migrations/index'
import { openDatabase } from '../../../main/db/open-database'
import { createLibraryRepos } from '../../../main/db/repos/library-repos'
import { createWordShares } from '../../../main/db/repos/word-shares-postgres'
import { createCatalog } from '../../../main/db/catalog'
import type { SqlEngine, SqlValue } from '../../../main/db/sql/sql-engine'
import { createPostgresPages } from '../../../main/db/repos/media-page-postgres'
import { sqliteEngine } from '../../../main/db/sql/sqlite-engine'
import { searchMedia, searchParams } from '../../../main/services/assets/media-search'
import type { MediaBrowse } from '../../../main/services/browse/media-browse'
import { postgresBrowse } from '../../../main/services/browse/postgres-browse'
import { sqliteBrowse } from '../../../main/services/browse/sqlite-browse'
import { createFacetIndex } from '../../../main/services/facet-index/facet-index'
import { libraryFacetSources } from '../../../main/services/facet-index/facet-sources'
import { freshEngine } from '../../helpers/sql-engines'
import { tempDir } from '../../helpers/temp-dir'
import { SEES_ALL, type Visibility } from '../../../main/services/visibility/visibility'

const closers: Array<() => void> = []
afterEach(() => closers.splice(0).forEach((close) => close()))

// 6,000 assets: "drone" on 5,400 (more than a hub counts before it walks the order), "beach" on 600, "Zürich" on
// every seventh, import times in blocks so that sorts by time and by name differ; then "Sunset" tags every third.
const ASSETS = 6_000
const FILL = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ASSETS})
  INSERT INTO videos (id, name, file_path, created_at, imported_at)
  SELECT 'm' || i,
    CASE WHEN i % 10 = 0 THEN 'beach ' ELSE 'drone shot ' END || CASE WHEN i % 7 = 0 THEN 'Zürich ' ELSE '' END || i,
    '/library/media/' || i, '2026-11-25T10:00:00.000Z', '2026-11-' || (10 + i % 13) || 'T10:00:00.000Z'
  FROM n`

/** The assets, then a tag on every third and notes on one: words that reach the search text after the insert. */
async function fill(sql: SqlEngine): Promise<void> {
  await sql.run(FILL)
  await createCatalog(sql).transaction(async ({ organise }) => {
    const sunset = await organise.ensureTag('Sunset')
    await organise.link(
      sunset.id,
      Array.from({ length: ASSETS / 3 }, (_, i) => `m${3 * (i + 1)}`),
    )
  })
  await sql.run(`UPDATE videos SET notes = 'keeper for the reel' WHERE id = 'm42'`)
}

/** A library and a hub holding the same assets; the hub's statistics made (ANALYZE), as autovacuum makes them. */
async function bothEngines(): Promise<{
  sqlite: MediaBrowse
  postgres: MediaBrowse
  sqliteSql: SqlEngine
  hubSql: SqlEngine
}> {
  const root = tempDir()
  const file = path.join(root, 'library.db')
  const { db } = openDatabase(file, migrations)
  closers.push(() => db.close())
  const sqliteSql = sqliteEngine(db)
  await fill(sqliteSql)
  const hubSql = await freshEngine('postgres')
  await fill(hubSql)
  await hubSql.run('ANALYZE asset_search')
  const repos = createLibraryRepos(db)
  const facetIndex = createFacetIndex(repos.facetRows, libraryFacetSources(root, file))
  return { sqlite: sqliteBrowse(db, repos, facetIndex), postgres: postgresBrowse(hubSql), sqliteSql, hubSql }
}

async function firstPages(
  browse: MediaBrowse,
  query: string,
  sort: MediaSort,
  visibility: Visibility = SEES_ALL,
): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < 3; page++) {
    const answer = await searchMedia({ browse, visibility }, { limit: 50, query, sort, cursor })
    ids.push(...answer.items.map((item) => item.id))
    cursor = answer.nextCursor
    if (cursor === null) break
  }
  return ids
}

// Issue 34 point 2 for words on many assets: a hub walks its sort order testing each row where a word is common,
// and starts from the matches where it is rare; either way the pages are a library's.
describe('search on many matches, on sqlite and postgres', () => {
  it('gives the same pages for common and rare words, in every order', async () => {
    const { sqlite, postgres } = await bothEngines()
    for (const query of [
      'drone',
      'beach',
      'zur',
      'drone zurich',
      'beach 60',
      'sunset',
      'drone sun',
      'keeper',
      'nothing',
    ]) {
      for (const sort of [
        { by: 'imported', dir: 'desc' },
        { by: 'name', dir: 'asc' },
      ] as MediaSort[]) {
        const expected = await firstPages(sqlite, query, sort)
        expect({ query, sort, ids: await firstPages(postgres, query, sort) }).toEqual({ query, sort, ids: expected })
      }
    }
    expect(await firstPages(sqlite, 'drone', { by: 'name', dir: 'asc' })).toHaveLength(150)
    expect(await firstPages(sqlite, 'beach 60', { by: 'name', dir: 'asc' })).toEqual(['m60', 'm600', 'm6000'])
    expect(await firstPages(postgres, 'sunset', { by: 'name', dir: 'asc' })).toHaveLength(150)
    expect(await firstPages(postgres, 'keeper', { by: 'name', dir: 'asc' })).toEqual(['m42'])
  })

  // A hub pages a limited person's shared members walking each collection in the order (collection_order), their words
  // tested in place for a common word; a library tests membership per row. The pages are the same.
  it('gives a person limited to two shared collections the same pages, as the words on their members change', async () => {
    const { sqlite, postgres, sqliteSql, hubSql } = await bothEngines()
    const shared = async (sql: SqlEngine): Promise<Visibility> => {
      const collections = await createCatalog(sql).transaction(async (repos) => {
        const fifths = await repos.collections.create('Fifths', '2026-11-28')
        const sevenths = await repos.collections.create('Sevenths', '2026-11-28')
        const every = (step: number) => Array.from({ length: ASSETS / step }, (_, i) => `m${step * (i + 1)}`)
        await repos.collections.add(fifths.id, every(5), '2026-11-28')
        await repos.collections.add(sevenths.id, every(7).slice(0, 600), '2026-11-28')
        return [fifths.id, sevenths.id]
      })
      return { scope: 'shared', personId: null, collections }
    }
    const seen = { sqlite: await shared(sqliteSql), postgres: await shared(hubSql) }
    const samePages = async () => {
      for (const query of ['drone', 'beach', 'sunset', 'zur', 'drone zurich', 'keeper'])
        for (const sort of [
          { by: 'imported', dir: 'desc' },
          { by: 'name', dir: 'asc' },
          { by: 'size', dir: 'desc' },
        ] as MediaSort[]) {
          const expected = await firstPages(sqlite, query, sort, seen.sqlite)
          const ids = await firstPages(postgres, query, sort, seen.postgres)
          expect({ query, sort, ids }).toEqual({ query, sort, ids: expected })
        }
    }
    await samePages()
    expect(await firstPages(postgres, 'drone', { by: 'name', dir: 'asc' }, seen.postgres)).toHaveLength(150)
    // "Sunset" off every sixth asset: the members' words follow their assets'.
    for (const sql of [sqliteSql, hubSql])
      await createCatalog(sql).transaction(async ({ organise }) => {
        const sunset = await organise.ensureTag('Sunset')
        await organise.unlink(
          sunset.id,
          Array.from({ length: ASSETS / 6 }, (_, i) => `m${6 * (i + 1)}`),
        )
      })
    await samePages()
    expect(await firstPages(postgres, 'sunset', { by: 'imported', dir: 'desc' }, seen.postgres)).not.toContain('m30')
  })

  it('tells common words from rare ones by the statistics, prefixes and folded words alike', async () => {
    const { hubSql } = await bothEngines()
    const shares = createWordShares()
    expect(await shares.leastShare(hubSql, ['drone'])).toBeCloseTo(0.9, 1)
    expect(await shares.leastShare(hubSql, ['dro'])).toBeCloseTo(0.9, 1)
    expect(await shares.leastShare(hubSql, ['beach'])).toBeCloseTo(0.1, 1)
    expect(await shares.leastShare(hubSql, ['zurich'])).toBeCloseTo(1 / 7, 1)
    expect(await shares.leastShare(hubSql, ['drone', 'beach'])).toBeCloseTo(0.1, 1)
    expect(await shares.leastShare(hubSql, ['nothing'])).toBe(0)
  })

  it('walks for one common word without counting its matches, and counts for two (they may seldom meet)', async () => {
    const { hubSql } = await bothEngines()
    const statements: string[] = []
    const recorded: SqlEngine = {
      ...hubSql,
      all: <Row>(text: string, values?: readonly SqlValue[]) => (statements.push(text), hubSql.all<Row>(text, values)),
      get: <Row>(text: string, values?: readonly SqlValue[]) => (statements.push(text), hubSql.get<Row>(text, values)),
    }
    const pages = createPostgresPages(recorded, createWordShares())
    const counted = async (query: string) => {
      statements.length = 0
      const rows = await pages.page(searchParams(query), 'imported', true, null, 20)
      return { rows: rows.length, counted: statements.some((text) => /LIMIT 5001/.test(text)) }
    }
    expect(await counted('drone')).toEqual({ rows: 20, counted: false })
    expect(await counted('beach')).toEqual({ rows: 20, counted: false })
    // Both common, never on the same asset: counted (none), not a walk of every row.
    expect(await counted('drone beach')).toEqual({ rows: 0, counted: true })
    expect(await counted('keeper')).toEqual({ rows: 1, counted: true })
  })

  it('reads the statistics again once they are old, not before', async () => {
    const sql = await freshEngine('postgres')
    let now = 0
    const shares = createWordShares(() => now)
    expect(await shares.leastShare(sql, ['drone'])).toBe(0)
    await sql.run(FILL)
    await sql.run('ANALYZE asset_search')
    now = 60_000
    expect(await shares.leastShare(sql, ['drone'])).toBe(0)
    now = 6 * 60_000
    expect(await shares.leastShare(sql, ['drone'])).toBeCloseTo(0.9, 1)
  })
})
