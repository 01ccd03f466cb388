import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { collections } from '../schema/tables/organise'
import { createTable } from '../schema/table-ddl'
import type { Migration } from '../migration'

// The tables whose rows name a collection: dropping `collections` cascades to them (foreign keys are on while
// migrating), so their rows are kept aside and put back.
const MEMBERS = ['collection_items', 'collection_shares', 'pushed_collections']

/**
 * A collection gets an owner (issue 60 point 3: private collections), and its name is unique per owner rather than
 * in the whole library. SQLite cannot drop a UNIQUE constraint, so the table is made again with its rows (ids kept),
 * its members' rows and its change triggers. A hub swaps the constraint in place (its migration 0420).
 */
export const migration: Migration = {
  version: 770,
  name: 'private-collections',
  up(db) {
    for (const table of ['collections', ...MEMBERS])
      db.exec(`CREATE TEMP TABLE ${table}_kept AS SELECT * FROM ${table}`)
    db.exec('DROP TABLE collections')
    for (const statement of [
      ...createTable(collections, 'sqlite'),
      ...changeTriggers(collections, 'sqlite', CATALOGUE),
    ]) {
      db.exec(statement)
    }
    db.exec('INSERT INTO collections (id, name, created_at) SELECT id, name, created_at FROM collections_kept')
    for (const table of MEMBERS) db.exec(`INSERT INTO ${table} SELECT * FROM ${table}_kept`)
    for (const table of ['collections', ...MEMBERS]) db.exec(`DROP TABLE ${table}_kept`)
  },
}
