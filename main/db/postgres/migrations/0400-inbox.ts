import { changeTriggers } from '../../schema/change-triggers'
import { CATALOGUE } from '../../schema/index'
import { inbox_entries } from '../../schema/tables/inbox'
import { createTable } from '../../schema/table-ddl'
import type { PostgresMigration } from '../postgres-migration'

/** Each person's inbox (issue 60 point 6), as a library's migration 0750 makes it. */
export const migration: PostgresMigration = {
  version: 400,
  name: 'inbox',
  up: [...createTable(inbox_entries, 'postgres'), ...changeTriggers(inbox_entries, 'postgres', CATALOGUE)].join(';\n'),
}
