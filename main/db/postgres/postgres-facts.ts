import type { DatabaseFacts } from '../database-facts'
import type { SqlEngine } from '../sql/sql-engine'

/**
 * What a hub's catalogue is, as the Settings page tells it: the server and database (its password left out), the
 * hub migration it is at, the rows of each of its tables and the bytes they take on the server (indexes included).
 */
export async function postgresFacts(sql: SqlEngine, url: string): Promise<DatabaseFacts> {
  const names = await sql.all<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
  )
  // One statement for every table's count. Names come from the catalogue itself, never from input; quoting keeps
  // odd names safe.
  const counts = names.map(
    ({ name }) =>
      `SELECT '${name.replaceAll("'", "''")}' AS name, count(*) AS rows FROM "${name.replaceAll('"', '""')}"`,
  )
  const counted = counts.length === 0 ? [] : await sql.all<{ name: string; rows: number }>(counts.join(' UNION ALL '))
  const rowsOf = new Map(counted.map(({ name, rows }) => [name, Number(rows)]))
  const tables = names.map(({ name }) => ({ name, rows: rowsOf.get(name) ?? 0 }))
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
