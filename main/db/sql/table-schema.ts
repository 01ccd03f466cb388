import { jsonValues } from './dialect'
import type { SqlDialect, SqlEngine } from './sql-engine'

/** A foreign key: its columns, and the table and columns they refer to (in the same order). */
export interface ForeignKey {
  columns: string[]
  parent: string
  parentColumns: string[]
}

/** What a statement that copies a table's rows needs to know of it. */
export interface TableSchema {
  /** Stored columns in table order: generated ones are left out, as neither engine takes values for them. */
  columns: string[]
  foreignKeys: ForeignKey[]
}

// Each engine describes its tables in its own catalogue: the one place these statements differ. `?` is a JSON array
// of table names; rows come in table order, a key's columns in its order.
const DESCRIBE: Record<SqlDialect, { columns: string; foreignKeys: string }> = {
  sqlite: {
    // hidden 2 and 3 are generated columns (1: a virtual table's hidden ones).
    columns: `SELECT t.value AS "table", c.name AS "column" FROM ${jsonValues('sqlite')} t JOIN pragma_table_xinfo(t.value) c
      WHERE c.hidden = 0 ORDER BY t.key, c.cid`,
    // A key naming no parent columns refers to the parent's primary key, column by column.
    foreignKeys: `SELECT t.value AS "table", k.id AS "key", k."table" AS parent, k."from" AS "column",
        coalesce(k."to", (SELECT p.name FROM pragma_table_info(k."table") p WHERE p.pk = k.seq + 1)) AS "parentColumn"
      FROM ${jsonValues('sqlite')} t JOIN pragma_foreign_key_list(t.value) k ORDER BY t.key, k.id, k.seq`,
  },
  postgres: {
    columns: `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
      WHERE table_schema = current_schema() AND is_generated = 'NEVER'
        AND table_name IN (SELECT value FROM ${jsonValues('postgres')})
      ORDER BY table_name, ordinal_position`,
    foreignKeys: `SELECT t.relname AS "table", k.conname AS "key", p.relname AS parent, c.attname AS "column",
        pc.attname AS "parentColumn"
      FROM pg_constraint k
      JOIN pg_class t ON t.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_class p ON p.oid = k.confrelid
      CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS pair(attnum, parent_attnum, seq)
      JOIN pg_attribute c ON c.attrelid = k.conrelid AND c.attnum = pair.attnum
      JOIN pg_attribute pc ON pc.attrelid = k.confrelid AND pc.attnum = pair.parent_attnum
      WHERE k.contype = 'f' AND n.nspname = current_schema()
        AND t.relname IN (SELECT value FROM ${jsonValues('postgres')})
      ORDER BY t.relname, k.conname, pair.seq`,
  },
}

/** The schema of each of `tables` the database has (a table it lacks is not in the map), in two statements. */
export async function tableSchemas(sql: SqlEngine, tables: readonly string[]): Promise<Map<string, TableSchema>> {
  const { columns, foreignKeys } = DESCRIBE[sql.dialect]
  const names = [JSON.stringify(tables)]
  const schemas = new Map<string, TableSchema>()
  for (const row of await sql.all<{ table: string; column: string }>(columns, names)) {
    const schema = schemas.get(row.table) ?? schemas.set(row.table, { columns: [], foreignKeys: [] }).get(row.table)!
    schema.columns.push(row.column)
  }
  const keys = new Map<string, ForeignKey>()
  const keyRows = await sql.all<{
    table: string
    key: string | number
    parent: string
    column: string
    parentColumn: string
  }>(foreignKeys, names)
  for (const row of keyRows) {
    const id = `${row.table}\u0000${row.key}`
    let key = keys.get(id)
    if (!key) {
      key = { columns: [], parent: row.parent, parentColumns: [] }
      keys.set(id, key)
      schemas.get(row.table)?.foreignKeys.push(key)
    }
    key.columns.push(row.column)
    key.parentColumns.push(row.parentColumn)
  }
  return schemas
}

/** A table or column name as an identifier both engines read (names come from the schema, never from input). */
export const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`
