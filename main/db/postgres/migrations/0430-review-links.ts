import { changeTriggers } from '../../schema/change-triggers'
import { CATALOGUE } from '../../schema/index'
import { createTable } from '../../schema/table-ddl'
import { review_links } from '../../schema/tables/review'
import type { PostgresMigration } from '../postgres-migration'

/** Review links for people without an account (issue 60 point 4), as a library's migration 0710 makes them. */
export const migration: PostgresMigration = {
  version: 430,
  name: 'review-links',
  up: [...createTable(review_links, 'postgres'), ...changeTriggers(review_links, 'postgres', CATALOGUE)].join(';\n'),
}
