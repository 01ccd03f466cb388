import type { Database, Statement } from 'better-sqlite3'
import { openReadOnlyDatabase } from '../../main/db/open-database'
import { createFacetGroupsRepo } from '../../main/db/repos/facet-groups'
import { createFacetRowsRepo } from '../../main/db/repos/facet-rows'
import { createMediaSearchRepo } from '../../main/db/repos/media-search'
import type { LocalLibrary } from '../../main/services/library-context'
import { createFacetIndex } from '../../main/services/facet-index/facet-index'
import { mediaFacets, searchParams } from '../../main/services/assets/media-search'
import { countByGroups } from '../../main/services/facet-index/facet-groups'
import { sqliteBrowse } from '../../main/services/browse/sqlite-browse'

/** One statement a channel call ran, with the values bound to it. */
export interface TracedQuery {
  sql: string
  args: unknown[]
}

const READS = new Set(['all', 'get', 'iterate'])

/**
 * The reads of the search repo and the facet index while `call` runs (a channel dispatched as the
 * hosts do). Both are the real ones, built once more over a database handle that notes each
 * statement's SQL and bound values when it runs: the bench sees exactly what the handlers ask
 * SQLite, without a second copy of any SQL and without a hook in the product. The facet index is a
 * new one, so its first call reads every asset; `warm` reads it and makes one untraced call first, to
 * trace what a request of a warm process runs (a text search then walks against the index's text marks).
 */
export async function traceSearchQueries(
  lib: LocalLibrary,
  call: () => Promise<unknown>,
  { warm = false }: { warm?: boolean } = {},
): Promise<TracedQuery[]> {
  const traced: TracedQuery[] = []
  const recording = { on: !warm }
  const db = recordingDatabase(lib.sqlite.db, traced, recording)
  const real = { search: lib.sqlite.repos.search, facetIndex: lib.sqlite.facetIndex, browse: lib.browse }
  lib.sqlite.repos.search = createMediaSearchRepo(db)
  const facetRows = createFacetRowsRepo(db)
  lib.sqlite.facetIndex = createFacetIndex(facetRows)
  // The browse port reads through both (its facet counts are the facet index's): built again over them.
  lib.browse = sqliteBrowse(lib.sqlite.db, { ...lib.sqlite.repos, facetRows }, lib.sqlite.facetIndex)
  try {
    if (warm) {
      await mediaFacets(lib)
      await call()
    }
    recording.on = true
    await call()
  } finally {
    lib.sqlite.repos.search = real.search
    lib.sqlite.facetIndex = real.facetIndex
    lib.browse = real.browse
  }
  return traced
}

/**
 * The reads of the grouped walk that counts a request while the facet index is first read (no filter), on a
 * read-only connection of its own as the product's walk has: it reads across turns of the event loop, and the
 * library's connection must stay free meanwhile (the change feed polls it).
 */
export async function traceGroupedCount(lib: LocalLibrary): Promise<TracedQuery[]> {
  const traced: TracedQuery[] = []
  const own = openReadOnlyDatabase(lib.sqlite.path)
  const db = recordingDatabase(own, traced, { on: true })
  const reader = {
    repo: createFacetRowsRepo(db),
    groups: createFacetGroupsRepo(db),
    exec: (sql: string) => own.exec(sql),
    close: () => own.close(),
  }
  await countByGroups(reader, searchParams(undefined, {}), {})
  return traced
}

/** The EXPLAIN QUERY PLAN lines of a traced statement, with its own bound values. */
export function explain(db: Database, query: TracedQuery): string[] {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
    .all(...query.args)
    .map((row) => row.detail)
}

function recordingDatabase(db: Database, traced: TracedQuery[], recording: { on: boolean }): Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => recordingStatement(target.prepare(sql), traced, recording)
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function recordingStatement(statement: Statement, traced: TracedQuery[], recording: { on: boolean }): Statement {
  const proxy: Statement = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (recording.on && READS.has(String(property))) traced.push({ sql: target.source, args })
        const result: unknown = value.apply(target, args)
        // pluck(), raw() and the like return the statement itself: keep returning the recording one.
        return result === target ? proxy : result
      }
    },
  })
  return proxy
}
