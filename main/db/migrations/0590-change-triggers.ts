import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { change_pending } from '../schema/tables/people'
import { createTable } from '../schema/table-ddl'
import type { Migration } from '../migration'

/**
 * Change tracking by the database (issue 59 point 1: "SQLite has triggers too: drop the prepare wrapper"): each
 * followed table gets the change triggers generated from its declaration (main/db/schema/change-triggers.ts), which
 * note its topics in `change_pending` for the writing process to log. Before, each process read the tables a
 * statement writes from its SQL; now a write from any program (the original media manager's Python too) is noted.
 * The tables are those this version has; a later migration that adds a followed table makes its triggers itself.
 */
export const migration: Migration = {
  version: 590,
  name: 'change-triggers',
  up(db) {
    for (const statement of createTable(change_pending, 'sqlite')) db.exec(statement)
    const present = new Set(db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all())
    for (const table of CATALOGUE.filter((t) => present.has(t.name))) {
      for (const statement of changeTriggers(table, 'sqlite', CATALOGUE)) db.exec(statement)
    }
  },
}
