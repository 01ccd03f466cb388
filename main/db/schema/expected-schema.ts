import type { SqlDialect } from '../sql/sql-engine'
import { WRITE_EVENTS, type Only, type Table } from './declare'
import { topicsOfWrite } from './change-triggers'
import type { LiveIndex, LiveSchema, LiveTable } from './live-schema'

const present = (only: Only | undefined, engine: SqlDialect) => only === undefined || only.engine === engine

/** What `engine`'s live schema must read for the declared tables, in readLiveSchema's shape. */
export function expectedSchema(tables: readonly Table[], engine: SqlDialect): LiveSchema {
  const schema: LiveSchema = new Map()
  for (const declared of tables.filter((t) => present(t.only, engine))) {
    const columns = Object.entries(declared.columns).flatMap(([name, column]) => {
      const held = column.in(engine)
      return held ? [{ name, ...held }] : []
    })
    const primaryKey = declared.primaryKeyDiffers?.[engine]?.columns ?? declared.primaryKey
    const unique = (declared.unique ?? []).filter((u) => present(u.only, engine)).map((u) => u.columns)
    const indexes = (declared.indexes ?? [])
      .filter((index) => present(index.only, engine))
      .map((index): LiveIndex => ({
        name: index.name,
        unique: index.unique === true,
        columns: index.differs?.[engine]?.columns ?? index.columns,
        partial: index.where !== undefined,
      }))
    const foreignKeys = (declared.references ?? [])
      .filter((r) => present(r.only, engine))
      .map((r) => `${r.column} -> ${r.parent} on delete ${r.onDelete}`)
      .sort()
    schema.set(declared.name, { columns, primaryKey, unique, foreignKeys, indexes })
  }
  return schema
}

/**
 * The change-log topics the writes of each table `engine` has note, sorted, for those that note any: its own and
 * those of the tables it feeds (readLiveTopics' shape).
 */
export function expectedTopics(tables: readonly Table[], engine: SqlDialect): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const table of tables.filter((t) => present(t.only, engine) && !t.fedBy)) {
    const topics = new Set(WRITE_EVENTS.flatMap((event) => topicsOfWrite(table, event, engine, tables)))
    if (topics.size > 0) found.set(table.name, [...topics].sort())
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * Where a live schema differs from the expected one, each as a line naming the table and what differs; empty when
 * they agree. Columns are compared by name (an engine appends a column where its migration adds it), and so are
 * indexes; UNIQUE constraints as sorted column lists.
 */
export function schemaDifferences(expected: LiveSchema, live: LiveSchema): string[] {
  const lines: string[] = []
  for (const name of new Set([...expected.keys(), ...live.keys()])) {
    const want = expected.get(name)
    const got = live.get(name)
    if (!want || !got) {
      lines.push(`${name}: ${want ? 'missing' : 'not declared'}`)
      continue
    }
    lines.push(...tableDifferences(want, got).map((line) => `${name}: ${line}`))
  }
  return lines.sort()
}

function tableDifferences(want: LiveTable, got: LiveTable): string[] {
  const lines: string[] = []
  const byName = <T extends { name: string }>(list: T[]) => new Map(list.map((item) => [item.name, item]))
  const compare = <T extends { name: string }>(what: string, wanted: T[], found: T[]) => {
    const wantMap = byName(wanted)
    const gotMap = byName(found)
    for (const key of new Set([...wantMap.keys(), ...gotMap.keys()])) {
      const a = wantMap.get(key)
      const b = gotMap.get(key)
      if (!a) lines.push(`${what} ${key} is not declared: ${canonical(b!)}`)
      else if (!b) lines.push(`${what} ${key} is missing: ${canonical(a)}`)
      else if (canonical(a) !== canonical(b)) lines.push(`${what} ${key} is ${canonical(b)}, declared ${canonical(a)}`)
    }
  }
  compare('column', want.columns, got.columns)
  compare('index', want.indexes, got.indexes)
  if (want.primaryKey.join() !== got.primaryKey.join()) {
    lines.push(`primary key is (${got.primaryKey.join(', ')}), declared (${want.primaryKey.join(', ')})`)
  }
  const uniques = (list: string[][]) => list.map((u) => `(${u.join(', ')})`).sort()
  if (uniques(want.unique).join() !== uniques(got.unique).join()) {
    lines.push(`unique ${uniques(got.unique).join(' ')}, declared ${uniques(want.unique).join(' ')}`)
  }
  for (const key of new Set([...want.foreignKeys, ...got.foreignKeys])) {
    if (!got.foreignKeys.includes(key)) lines.push(`foreign key ${key} is missing`)
    else if (!want.foreignKeys.includes(key)) lines.push(`foreign key ${key} is not declared`)
  }
  return lines
}

/** An object as JSON with its keys in order, so that two readings of one thing compare equal as text. */
const canonical = (value: object) => JSON.stringify(value, Object.keys(value).sort())
