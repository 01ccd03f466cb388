import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { CATALOGUE } from '../../main/db/schema/index'
import { expectedSchema, expectedTopics, schemaDifferences } from '../../main/db/schema/expected-schema'
import { readLiveSchema, readLiveTopics } from '../../main/db/schema/live-schema'
import type { SqlEngine } from '../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { freshEngine } from '../helpers/sql-engines'
import { OLDEST_LIBRARY_VERSION, oldestLibrary } from '../helpers/old-library'

/** A library opened from the oldest version (with an asset in it), migrated to the newest. */
function migratedFromOldest(): SqlEngine {
  const { db } = openDatabase(path.join(oldestLibrary(), 'library.db'), migrations)
  return sqliteEngine(db)
}

const catalogues: Array<[string, () => Promise<SqlEngine> | SqlEngine]> = [
  ['a new library (SQLite)', () => freshEngine('sqlite')],
  [`a library from version ${OLDEST_LIBRARY_VERSION} (SQLite)`, migratedFromOldest],
  ['a new hub (PostgreSQL)', () => freshEngine('postgres')],
]

describe.each(catalogues)('the declared schema (main/db/schema) against %s', (_name, open) => {
  it("is every table's columns, types, keys and indexes", async () => {
    const sql = await open()
    expect(schemaDifferences(expectedSchema(CATALOGUE, sql.dialect), await readLiveSchema(sql))).toEqual([])
  })

  it('names the change-log topics each table feeds', async () => {
    const sql = await open()
    expect(await readLiveTopics(sql)).toEqual(expectedTopics(CATALOGUE, sql.dialect))
  })
})
