import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { migration as collations } from '../../main/db/postgres/migrations/0010-collations'
import type { Table } from '../../main/db/schema/declare'
import { CATALOGUE } from '../../main/db/schema/index'
import { readLiveDetails, type LiveDetails } from '../../main/db/schema/live-details'
import { schemaDifferences } from '../../main/db/schema/expected-schema'
import { readLiveSchema } from '../../main/db/schema/live-schema'
import { createTable } from '../../main/db/schema/table-ddl'
import type { SqlDialect, SqlEngine } from '../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { ENGINES, freshEngine, freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

/** An empty catalogue on `dialect`: a new SQLite file, or a new PostgreSQL schema with the hub's collation alone. */
async function emptyCatalogue(dialect: SqlDialect): Promise<SqlEngine> {
  if (dialect === 'postgres') {
    const { sql } = await freshHubDatabase({ migrate: false })
    await sql.run(collations.up)
    return sql
  }
  const db = new Database(path.join(tempDir(), 'generated.db'))
  onTestFinished(() => void db.close())
  return sqliteEngine(db)
}

/** The tables createTable makes on `dialect` (not a library's FTS5 table), parents before their children. */
function made(dialect: SqlDialect): Table[] {
  const tables = CATALOGUE.filter((t) => createTable(t, dialect).length > 0 && !t.fedBy)
  const ordered: Table[] = []
  const seen = new Set<Table>()
  const parentsFirst = (table: Table) => {
    if (seen.has(table)) return
    seen.add(table)
    for (const reference of table.references ?? []) {
      const parent = tables.find((t) => t.name === reference.parent.split('.')[0])
      if (parent) parentsFirst(parent)
    }
    ordered.push(table)
  }
  for (const table of tables) parentsFirst(table)
  return ordered
}

/** Each detail one side has and the other lacks, as `table: migrations have …` or `table: generated has …`. */
function detailDifferences(migrated: LiveDetails, generated: LiveDetails): string[] {
  const lines: string[] = []
  for (const name of new Set([...migrated.keys(), ...generated.keys()])) {
    const want = migrated.get(name) ?? []
    const got = generated.get(name) ?? []
    for (const line of want) if (!got.includes(line)) lines.push(`${name}: migrations have ${line}`)
    for (const line of got) if (!want.includes(line)) lines.push(`${name}: generated has ${line}`)
  }
  return lines.sort()
}

describe.each(ENGINES)('the DDL generated from the declaration (main/db/schema/table-ddl.ts) on %s', (dialect) => {
  it('makes every declared table as the migrations made it: columns, keys, indexes, defaults, CHECKs', async () => {
    const migrated = await freshEngine(dialect)
    const generated = await emptyCatalogue(dialect)
    const tables = made(dialect)
    for (const table of tables) for (const statement of createTable(table, dialect)) await generated.run(statement)

    const names = new Set(tables.map((t) => t.name))
    const pick = <T>(all: Map<string, T>) => new Map([...all].filter(([name]) => names.has(name)))
    expect(schemaDifferences(pick(await readLiveSchema(migrated)), pick(await readLiveSchema(generated)))).toEqual([])
    expect(detailDifferences(pick(await readLiveDetails(migrated)), pick(await readLiveDetails(generated)))).toEqual([])
  })
})
