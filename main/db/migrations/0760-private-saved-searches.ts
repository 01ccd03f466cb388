import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { saved_searches } from '../schema/tables/organise'
import { createTable } from '../schema/table-ddl'
import type { Migration } from '../migration'

/**
 * A saved search gets an owner (issue 60 point 3: everyone keeps their own), and its name is unique per owner rather
 * than in the whole library. SQLite cannot drop a UNIQUE constraint, so the table is made again with its rows (their
 * ids kept; no table refers to it) and its change triggers. A hub swaps the constraint in place (its migration 0410).
 */
export const migration: Migration = {
  version: 760,
  name: 'private-saved-searches',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE saved_searches_kept AS SELECT * FROM saved_searches;
      DROP TABLE saved_searches;
    `)
    for (const statement of [
      ...createTable(saved_searches, 'sqlite'),
      ...changeTriggers(saved_searches, 'sqlite', CATALOGUE),
    ]) {
      db.exec(statement)
    }
    db.exec(`
      INSERT INTO saved_searches (id, name, query, filter, sort, created_at, updated_at)
        SELECT id, name, query, filter, sort, created_at, updated_at FROM saved_searches_kept;
      DROP TABLE saved_searches_kept;
    `)
  },
}
