import type { SqlEngine } from '../sql/sql-engine'

/** A column as a database holds it: its declared type in that engine's words (lower case), whether it takes NULL. */
export interface LiveColumn {
  name: string
  type: string
  notNull: boolean
}

/** A named index (not one a key or UNIQUE constraint made): its columns, an expression as `(expr)`, in order. */
export interface LiveIndex {
  name: string
  unique: boolean
  columns: string[]
  partial: boolean
}

/** A table as a database holds it. */
export interface LiveTable {
  columns: LiveColumn[]
  primaryKey: string[]
  /** The column lists of its UNIQUE constraints, sorted. */
  unique: string[][]
  /** Its foreign keys as `column -> table.column on delete action`, sorted. */
  foreignKeys: string[]
  indexes: LiveIndex[]
}

/** The tables of a live catalogue by name. */
export type LiveSchema = Map<string, LiveTable>

/**
 * The tables, columns, keys and indexes of a migrated catalogue, read from its own catalogue: SQLite's pragmas or
 * PostgreSQL's pg_catalog (the current schema). SQLite's internals and a virtual table's shadow tables are left out.
 */
export function readLiveSchema(sql: SqlEngine): Promise<LiveSchema> {
  return sql.dialect === 'sqlite' ? readSqlite(sql) : readPostgres(sql)
}

const FTS_SHADOWS = ['_data', '_idx', '_content', '_docsize', '_config']

async function readSqlite(sql: SqlEngine): Promise<LiveSchema> {
  const tables = await sql.all<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  )
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name)
  const shadow = new Set(virtual.flatMap((name) => FTS_SHADOWS.map((suffix) => name + suffix)))
  const schema: LiveSchema = new Map()
  for (const { name } of tables.filter((t) => !shadow.has(t.name))) {
    const columns = await sql.all<{ name: string; type: string; notnull: number; pk: number }>(
      'SELECT name, type, "notnull", pk FROM pragma_table_xinfo(?) WHERE hidden IN (0, 2, 3) ORDER BY cid',
      [name],
    )
    const list = await sql.all<{ name: string; unique: number; origin: string; partial: number }>(
      'SELECT name, "unique", origin, partial FROM pragma_index_list(?)',
      [name],
    )
    const indexes: LiveIndex[] = []
    const unique: string[][] = []
    for (const index of list) {
      if (index.origin === 'pk') continue
      const keyColumns = await sql.all<{ name: string | null }>(
        'SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno',
        [index.name],
      )
      const indexed = keyColumns.map((c) => c.name ?? '(expr)')
      if (index.origin === 'u') unique.push(indexed)
      else
        indexes.push({ name: index.name, unique: index.unique === 1, columns: indexed, partial: index.partial === 1 })
    }
    const keys = await sql.all<{ line: string }>(
      `SELECT k."from" || ' -> ' || k."table" || '.' ||
         coalesce(k."to", (SELECT p.name FROM pragma_table_info(k."table") p WHERE p.pk = 1)) ||
         ' on delete ' || lower(k.on_delete) AS line
       FROM pragma_foreign_key_list(?) k`,
      [name],
    )
    schema.set(name, {
      foreignKeys: keys.map((k) => k.line).sort(),
      columns: columns.map((c) => ({ name: c.name, type: c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk > 0 })),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      unique: unique.sort(byText),
      indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
    })
  }
  return schema
}

async function readPostgres(sql: SqlEngine): Promise<LiveSchema> {
  const columns = await sql.all<{ table: string; name: string; type: string; notNull: boolean }>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS "notNull"
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
  )
  const keys = await sql.all<{ table: string; type: string; columns: string[] }>(
    `SELECT c.relname AS "table", k.contype AS type,
       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS columns
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND k.contype IN ('p', 'u')`,
  )
  // One-column keys: the catalogue has no other kind.
  const references = await sql.all<{ table: string; line: string }>(
    `SELECT c.relname AS "table", a.attname || ' -> ' || p.relname || '.' || pa.attname || ' on delete ' ||
       CASE k.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'a' THEN 'no action'
         WHEN 'r' THEN 'restrict' ELSE 'set default' END AS line
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
     JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
     WHERE c.relnamespace = current_schema()::regnamespace AND k.contype = 'f'`,
  )
  const indexes = await sql.all<{ table: string; name: string; unique: boolean; columns: string[]; partial: boolean }>(
    `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS "unique", x.indpred IS NOT NULL AS partial,
       ARRAY(SELECT CASE WHEN u.n = 0 THEN '(expr)' ELSE a.attname::text END
             FROM unnest(x.indkey[0:x.indnkeyatts - 1]) WITH ORDINALITY u(n, k)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n ORDER BY u.k)::text[] AS columns
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))`,
  )
  const schema: LiveSchema = new Map()
  const table = (name: string) =>
    schema.get(name) ??
    schema.set(name, { columns: [], primaryKey: [], unique: [], foreignKeys: [], indexes: [] }).get(name)!
  for (const c of columns) table(c.table).columns.push({ name: c.name, type: c.type, notNull: c.notNull })
  for (const k of keys) {
    if (k.type === 'p') table(k.table).primaryKey = k.columns
    else table(k.table).unique.push(k.columns)
  }
  for (const { table: name, ...index } of indexes) table(name).indexes.push(index)
  for (const reference of references) table(reference.table).foreignKeys.push(reference.line)
  for (const t of schema.values()) {
    t.unique.sort(byText)
    t.foreignKeys.sort()
    t.indexes.sort((a, b) => a.name.localeCompare(b.name))
  }
  return schema
}

const byText = (a: string[], b: string[]) => a.join(',').localeCompare(b.join(','))

/**
 * The change-log topics each table's writes note, by table, sorted: the topics its change triggers note (a library's
 * put them in change_pending, a hub's call fv_note_change with them as argument).
 */
export async function readLiveTopics(sql: SqlEngine): Promise<Map<string, string[]>> {
  const rows =
    sql.dialect === 'sqlite'
      ? (
          await sql.all<{ table: string; sql: string }>(
            "SELECT tbl_name AS \"table\", sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'changes\\_%' ESCAPE '\\'",
          )
        ).flatMap((trigger) =>
          [...trigger.sql.matchAll(/INSERT INTO change_pending \(topic\) SELECT '(\w+)'/g)].map((m) => ({
            table: trigger.table,
            topic: m[1]!,
          })),
        )
      : await sql.all<{ table: string; topic: string }>(
          `SELECT DISTINCT c.relname AS "table", convert_from(substring(t.tgargs FROM 1 FOR position('\\x00'::bytea IN t.tgargs) - 1), 'UTF8') AS topic
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
           WHERE c.relnamespace = current_schema()::regnamespace AND p.proname = 'fv_note_change' AND t.tgnargs > 0`,
        )
  const found = new Map<string, string[]>()
  for (const { table, topic } of rows) found.set(table, [...new Set([...(found.get(table) ?? []), topic])].sort())
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)))
}
