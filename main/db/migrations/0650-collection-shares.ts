import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { createTable } from '../schema/table-ddl'
import { collection_shares } from '../schema/tables/people'
import type { Migration } from '../migration'

/**
 * Who sees what (issue 60 point 3): each person's scope (every asset, or only those of collections shared with them)
 * and the shares of collections with named people or roles.
 */
export const migration: Migration = {
  version: 650,
  name: 'collection-shares',
  up(db) {
    // A rebuild of `people` from its declaration (a later merge of migration 0610) may have made the column already.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(people)').all()
    if (!columns.some((column) => column.name === 'scope')) {
      db.exec(`ALTER TABLE people ADD COLUMN scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'shared'))`)
    }
    for (const statement of [
      ...createTable(collection_shares, 'sqlite'),
      ...changeTriggers(collection_shares, 'sqlite', CATALOGUE),
    ]) {
      db.exec(statement)
    }
  },
}
