import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { comment_mentions, comments } from '../schema/tables/review'
import { createTable } from '../schema/table-ddl'
import type { Migration } from '../migration'

/** Comments on assets and whom they mention (issue 60 point 1), as a hub's migration 0360 makes them. */
export const migration: Migration = {
  version: 620,
  name: 'comments',
  up(db) {
    for (const table of [comments, comment_mentions]) {
      for (const statement of [...createTable(table, 'sqlite'), ...changeTriggers(table, 'sqlite', CATALOGUE)]) {
        db.exec(statement)
      }
    }
  },
}
