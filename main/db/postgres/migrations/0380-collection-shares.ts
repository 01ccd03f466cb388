import { changeTriggers } from '../../schema/change-triggers'
import { CATALOGUE } from '../../schema/index'
import { createTable } from '../../schema/table-ddl'
import { collection_shares } from '../../schema/tables/people'
import type { PostgresMigration } from '../postgres-migration'

/** Each person's scope and the shares of collections (issue 60 point 3), as a library's migration 0650 makes them. */
export const migration: PostgresMigration = {
  version: 380,
  name: 'collection-shares',
  up: [
    `ALTER TABLE people ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'shared'))`,
    ...createTable(collection_shares, 'postgres'),
    ...changeTriggers(collection_shares, 'postgres', CATALOGUE),
  ].join(';\n'),
}
