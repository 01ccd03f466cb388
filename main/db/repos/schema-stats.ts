import type { Database } from 'better-sqlite3'

/**
 * Row counts of every user table. Tables only change through migrations, which run before
 * this repo is made, so the count statements are prepared once here.
 */
export function createSchemaStatsRepo(db: Database) {
  const names = db
    .prepare<[], { name: string }>(
      // Shadow tables (an FTS index's _data, _idx, ...) are the index's insides, not tables of the library.
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((row) => row.name)
  // Names come from sqlite_schema, never from input; quoting keeps odd names safe.
  const counters = names.map((name) => ({
    name,
    stmt: db.prepare<[], { rows: number }>(`SELECT COUNT(*) AS rows FROM "${name.replaceAll('"', '""')}"`),
  }))
  return {
    tableCounts(): { name: string; rows: number }[] {
      return counters.map(({ name, stmt }) => ({ name, rows: stmt.get()?.rows ?? 0 }))
    },
  }
}
export type SchemaStatsRepo = ReturnType<typeof createSchemaStatsRepo>
