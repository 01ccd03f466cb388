import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { inbox_entries } from '../schema/tables/inbox'
import { createTable } from '../schema/table-ddl'
import type { Migration } from '../migration'

/** Each person's inbox (issue 60 point 6), as a hub's migration 0400 makes it. */
export const migration: Migration = {
  version: 750,
  name: 'inbox',
  up(db) {
    for (const statement of [
      ...createTable(inbox_entries, 'sqlite'),
      ...changeTriggers(inbox_entries, 'sqlite', CATALOGUE),
    ]) {
      db.exec(statement)
    }
  },
}
