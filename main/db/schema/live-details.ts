import type { SqlEngine } from '../sql/sql-engine'

/**
 * What a table's DDL says beyond readLiveSchema's columns, keys and indexes, as the database holds it: each column's
 * default, generated expression and collation, the CHECKs, each index's SQL, and SQLite's storage options. Read to
 * compare a catalogue made by the migrations with one made from the declaration (createTable): two databases of one
 * engine, so each engine's own words are compared (whitespace collapsed).
 */
export type LiveDetails = Map<string, string[]>

/** The details of every table of a catalogue, each as sorted lines. */
export function readLiveDetails(sql: SqlEngine): Promise<LiveDetails> {
  return sql.dialect === 'sqlite' ? readSqlite(sql) : readPostgres(sql)
}

// Whitespace and identifiers' quotes are the writer's style, not the schema.
const squeeze = (text: string) =>
  text
    .replace(/"(\w+)"/g, '$1')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim()

/** The CHECK clauses of a CREATE TABLE statement, each with its parentheses. */
export function checksOf(createSql: string): string[] {
  const checks: string[] = []
  const pattern = /\bCHECK\s*\(/gi
  for (let match = pattern.exec(createSql); match; match = pattern.exec(createSql)) {
    let depth = 0
    let end = match.index + match[0].length - 1
    let quoted = false
    for (; end < createSql.length; end++) {
      const char = createSql[end]
      if (char === "'") quoted = !quoted
      if (quoted) continue
      if (char === '(') depth++
      if (char === ')' && --depth === 0) break
    }
    checks.push(squeeze(createSql.slice(match.index + match[0].length - 1, end + 1)))
  }
  return checks
}

/** The collation each column of a CREATE TABLE statement names, as `column collate NAME` lines. */
export function collationsOf(createSql: string): string[] {
  const body = createSql.slice(createSql.indexOf('(') + 1, createSql.lastIndexOf(')'))
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let part = ''
  for (const char of body) {
    if (char === "'") quoted = !quoted
    if (!quoted && char === '(') depth++
    if (!quoted && char === ')') depth--
    if (!quoted && depth === 0 && char === ',') {
      parts.push(part)
      part = ''
    } else part += char
  }
  parts.push(part)
  return parts.flatMap((definition) => {
    const column = /^\s*"?(\w+)"?\s/.exec(definition)?.[1]
    const collation = /\bCOLLATE\s+"?(\w+)"?/i.exec(definition)?.[1]
    if (!column || !collation || /^(PRIMARY|UNIQUE|CHECK|FOREIGN|CONSTRAINT)$/i.test(column)) return []
    return [`${column} collate ${collation.toUpperCase()}`]
  })
}

async function readSqlite(sql: SqlEngine): Promise<LiveDetails> {
  const tables = await sql.all<{ name: string; sql: string; strict: number; wr: number }>(
    `SELECT m.name, m.sql, l.strict, l.wr FROM sqlite_schema m JOIN pragma_table_list l ON l.name = m.name
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL%'`,
  )
  const details: LiveDetails = new Map()
  for (const table of tables) {
    const columns = await sql.all<{ name: string; dflt_value: string | null; hidden: number }>(
      'SELECT name, dflt_value, hidden FROM pragma_table_xinfo(?) ORDER BY cid',
      [table.name],
    )
    const indexes = await sql.all<{ sql: string }>(
      "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      [table.name],
    )
    details.set(
      table.name,
      [
        ...columns.flatMap((c) => [
          ...(c.dflt_value === null ? [] : [`${c.name} default ${squeeze(c.dflt_value)}`]),
          ...(c.hidden === 2 || c.hidden === 3 ? [`${c.name} generated`] : []),
        ]),
        ...checksOf(table.sql).map((check) => `check ${check}`),
        ...collationsOf(table.sql),
        ...indexes.map((index) => `index ${squeeze(index.sql.replace(/^CREATE\s+/i, ''))}`),
        `strict ${table.strict}, without rowid ${table.wr}, autoincrement ${/\bAUTOINCREMENT\b/i.test(table.sql)}`,
      ].sort(),
    )
  }
  return details
}

async function readPostgres(sql: SqlEngine): Promise<LiveDetails> {
  const rows = await sql.all<{ table: string; line: string }>(
    `SELECT c.relname AS "table", a.attname || ' default ' || pg_get_expr(d.adbin, d.adrelid) ||
       CASE a.attgenerated WHEN 's' THEN ' generated' ELSE '' END AS line
     FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
     JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
     WHERE c.relnamespace = current_schema()::regnamespace
     UNION ALL
     SELECT c.relname, a.attname || ' identity ' || a.attidentity::text
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND a.attidentity <> ''
     UNION ALL
     SELECT c.relname, a.attname || ' collate ' || l.collname
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation l ON l.oid = a.attcollation
     JOIN pg_type t ON t.oid = a.atttypid
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0
       AND a.attcollation <> t.typcollation
     UNION ALL
     SELECT c.relname, 'check ' || pg_get_constraintdef(k.oid)
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND k.contype = 'c'
     UNION ALL
     SELECT t.relname, 'index ' || regexp_replace(regexp_replace(pg_get_indexdef(x.indexrelid), '^CREATE ', ''), ' ON \\S+\\.', ' ON ')
     FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))`,
  )
  const details: LiveDetails = new Map()
  for (const row of rows) details.set(row.table, [...(details.get(row.table) ?? []), squeeze(row.line)])
  for (const lines of details.values()) lines.sort()
  return details
}
