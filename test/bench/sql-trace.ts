import type { Database, Statement } from 'better-sqlite3'
import { createMediaSearchRepo } from '../../main/db/repos/media-search'
import type { Library } from '../../main/library/library'

/** One statement a channel call ran, with the values bound to it. */
export interface TracedQuery {
  sql: string
  args: unknown[]
}

const READS = new Set(['all', 'get', 'iterate'])

/**
 * The reads of the search repo while `call` runs (a channel dispatched as the hosts do). The
 * repo is the real one, built once more over a database handle that notes each statement's SQL
 * and bound values when it runs: the bench sees exactly what the handlers ask SQLite, without
 * a second copy of any SQL and without a hook in the product.
 */
export async function traceSearchQueries(lib: Library, call: () => Promise<unknown>): Promise<TracedQuery[]> {
  const traced: TracedQuery[] = []
  const real = lib.repos.search
  lib.repos.search = createMediaSearchRepo(recordingDatabase(lib.db, traced))
  try {
    await call()
  } finally {
    lib.repos.search = real
  }
  return traced
}

/** The EXPLAIN QUERY PLAN lines of a traced statement, with its own bound values. */
export function explain(db: Database, query: TracedQuery): string[] {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
    .all(...query.args)
    .map((row) => row.detail)
}

function recordingDatabase(db: Database, traced: TracedQuery[]): Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => recordingStatement(target.prepare(sql), traced)
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function recordingStatement(statement: Statement, traced: TracedQuery[]): Statement {
  const proxy: Statement = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (READS.has(String(property))) traced.push({ sql: target.source, args })
        const result: unknown = value.apply(target, args)
        // pluck(), raw() and the like return the statement itself: keep returning the recording one.
        return result === target ? proxy : result
      }
    },
  })
  return proxy
}
