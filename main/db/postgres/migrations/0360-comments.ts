import { changeTriggers } from '../../schema/change-triggers'
import { CATALOGUE } from '../../schema/index'
import { comment_mentions, comments } from '../../schema/tables/review'
import { createTable } from '../../schema/table-ddl'
import type { PostgresMigration } from '../postgres-migration'

/** Comments on assets and whom they mention (issue 60 point 1), as a library's migration 0620 makes them. */
export const migration: PostgresMigration = {
  version: 360,
  name: 'comments',
  up: [comments, comment_mentions]
    .flatMap((table) => [...createTable(table, 'postgres'), ...changeTriggers(table, 'postgres', CATALOGUE)])
    .join(';\n'),
}
