import type { DatabaseFacts } from '../database-facts'
import type { SqlEngine } from '../sql/sql-engine'

// Past this many rows by the planner's estimate a table's rows are that estimate (marked so), not a count: counting
// reads the table, 0.7 s for a million-asset hub's tables when they are in memory and a minute when they are not.
const COUNTED_UP_TO = 100_000

/**
 * What a hub's catalogue is, as the Settings page tells it: the server and database (its password left out), the
 * hub migration it is at, the rows of each of its tables (counted up to `countedUpTo`, PostgreSQL's estimate past
 * it) and the bytes they take on the server (indexes included).
 */
export async function postgresFacts(sql: SqlEngine, url: string, countedUpTo = COUNTED_UP_TO): Promise<DatabaseFacts> {
  // reltuples: the estimate ANALYZE (or autovacuum) last made; -1 for a table never analyzed, which is counted.
  const names = await sql.all<{ name: string; estimate: number }>(
    `SELECT t.tablename AS name, c.reltuples AS estimate FROM pg_tables t
     JOIN pg_namespace n ON n.nspname = t.schemaname JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.tablename
     WHERE t.schemaname = current_schema() ORDER BY t.tablename`,
  )
  const large = (estimate: number) => estimate >= countedUpTo
  // One statement for every count. Names come from the catalogue itself, never from input; quoting keeps odd names
  // safe.
  const counts = names
    .filter(({ estimate }) => !large(estimate))
    .map(
      ({ name }) =>
        `SELECT '${name.replaceAll("'", "''")}' AS name, count(*) AS rows FROM "${name.replaceAll('"', '""')}"`,
    )
  const counted = counts.length === 0 ? [] : await sql.all<{ name: string; rows: number }>(counts.join(' UNION ALL '))
  const rowsOf = new Map(counted.map(({ name, rows }) => [name, Number(rows)]))
  const tables = names.map(({ name, estimate }) =>
    large(estimate) ? { name, rows: Math.round(estimate), estimated: true } : { name, rows: rowsOf.get(name) ?? 0 },
  )
  const version = await sql.get<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')
  const size = await sql.get<{ bytes: number | null }>(
    `SELECT CAST(sum(pg_total_relation_size(c.oid)) AS bigint) AS bytes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`,
  )
  return {
    location: shownDatabaseUrl(url),
    schemaVersion: version?.version ?? 0,
    tables,
    bytes: Number(size?.bytes ?? 0),
  }
}

/** The URL of a database as it may be shown: no password, no connection options. */
export function shownDatabaseUrl(url: string): string {
  const parsed = new URL(url)
  parsed.password = ''
  parsed.search = ''
  return parsed.toString()
}
