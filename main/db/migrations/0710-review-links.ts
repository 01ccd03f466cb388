import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { createTable } from '../schema/table-ddl'
import { review_links } from '../schema/tables/review'
import type { Migration } from '../migration'

/** Review links for people without an account (issue 60 point 4): one collection each, revocable. */
export const migration: Migration = {
  version: 710,
  name: 'review-links',
  up(db) {
    for (const statement of [
      ...createTable(review_links, 'sqlite'),
      ...changeTriggers(review_links, 'sqlite', CATALOGUE),
    ]) {
      db.exec(statement)
    }
  },
}
