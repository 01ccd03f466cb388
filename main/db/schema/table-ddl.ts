import type { SqlDialect } from '../sql/sql-engine'
import { sqlIn, type Column, type Index, type Only, type Table } from './declare'

const present = (only: Only | undefined, engine: SqlDialect) => only === undefined || only.engine === engine
const quote = (name: string) => `"${name}"`

/**
 * The DDL that makes a declared table on `engine` (issue 59 point 1): CREATE TABLE with its columns, keys, defaults,
 * CHECKs and generated columns, then CREATE INDEX for each index; a library's full-text table and a hub's change
 * triggers are not made here. A migration adding a table runs these rather than DDL of its own, and
 * test/integration/table-ddl.test.ts holds what they make against what the migrations made.
 */
export function createTable(table: Table, engine: SqlDialect): string[] {
  if (!present(table.only, engine)) return []
  const primaryKey = table.primaryKeyDiffers?.[engine]?.columns ?? table.primaryKey
  const integerKey = primaryKey.length === 1 && ['int', 'bigint'].includes(table.columns[primaryKey[0]!]!.type)
  const columns = Object.entries(table.columns).flatMap(([name, column]) => {
    const line = columnSql(table, name, column, engine, integerKey && primaryKey[0] === name)
    return line ? [line] : []
  })
  const constraints = [
    ...(primaryKey.length > 0 && !integerKey ? [`PRIMARY KEY (${primaryKey.map(quote).join(', ')})`] : []),
    ...(table.unique ?? [])
      .filter((u) => present(u.only, engine))
      .map((u) => `UNIQUE (${u.columns.map(quote).join(', ')})`),
    ...(table.checks ?? []).flatMap((check) => {
      const sql = sqlIn(check, engine)
      return sql ? [`CHECK (${sql})`] : []
    }),
  ]
  const options =
    engine === 'sqlite'
      ? [table.storage?.strict && 'STRICT', table.storage?.withoutRowid && 'WITHOUT ROWID'].filter(Boolean).join(', ')
      : ''
  const create = `CREATE TABLE ${table.name} (\n  ${[...columns, ...constraints].join(',\n  ')}\n)${options && ` ${options}`}`
  const indexes = (table.indexes ?? []).filter((i) => present(i.only, engine)).map((i) => indexSql(table, i, engine))
  return [create, ...indexes]
}

/** The DDL that adds a declared column to its table on `engine`, for a migration adding one (as its declaration says). */
export function addColumn(table: Table, name: string, engine: SqlDialect): string {
  const column = table.columns[name]
  const line = column && columnSql(table, name, column, engine, false)
  if (!line) throw new Error(`${table.name}.${name} is not a declared column on ${engine}.`)
  return `ALTER TABLE ${table.name} ADD COLUMN ${line}`
}

function columnSql(table: Table, name: string, column: Column, engine: SqlDialect, key: boolean): string | undefined {
  const held = column.in(engine)
  if (!held) return undefined
  const { details } = column
  const parts = [quote(name), held.type.toUpperCase()]
  const collate = sqlIn(details.collate, engine)
  if (collate) parts.push(`COLLATE ${collate}`)
  if (engine === 'postgres' && details.identity) parts.push(`GENERATED ${details.identity.toUpperCase()} AS IDENTITY`)
  if (key) {
    parts.push('PRIMARY KEY')
    if (engine === 'sqlite' && table.storage?.autoincrement) parts.push('AUTOINCREMENT')
  } else if (held.notNull) parts.push('NOT NULL')
  const generated = sqlIn(details.generated, engine)
  // A library computes them as read (no backfill, right when another program writes), a hub stores them.
  if (generated) parts.push(`GENERATED ALWAYS AS (${generated}) ${engine === 'sqlite' ? 'VIRTUAL' : 'STORED'}`)
  const fallback = sqlIn(details.default, engine)
  if (fallback) parts.push(`DEFAULT ${fallback}`)
  const reference = (table.references ?? []).find((r) => r.column === name && present(r.only, engine))
  if (reference) {
    const [parent, parentColumn] = reference.parent.split('.')
    parts.push(`REFERENCES ${parent} (${quote(parentColumn!)}) ON DELETE ${reference.onDelete.toUpperCase()}`)
  }
  return parts.join(' ')
}

function indexSql(table: Table, index: Index, engine: SqlDialect): string {
  const expressions = [...(index.expressions ?? [])]
  const columns = (index.differs?.[engine]?.columns ?? index.columns).map((column) => {
    const collate = index.collate?.[engine]?.[column]
    if (column !== '(expr)') return collate ? `${quote(column)} COLLATE ${collate}` : quote(column)
    const sql = sqlIn(expressions.shift(), engine)
    if (!sql) throw new Error(`schema: index ${index.name} declares no ${engine} expression for its (expr) column`)
    // PostgreSQL takes an expression other than a call in parentheses alone; SQLite as it is.
    return engine === 'postgres' ? `(${sql})` : sql
  })
  const where = sqlIn(index.where, engine)
  const unique = index.unique ? 'UNIQUE ' : ''
  const using = index.using ? ` USING ${index.using}` : ''
  return `CREATE ${unique}INDEX ${index.name} ON ${table.name}${using} (${columns.join(', ')})${where ? ` WHERE ${where}` : ''}`
}
