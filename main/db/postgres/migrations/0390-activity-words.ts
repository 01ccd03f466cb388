import { createTable } from '../../schema/table-ddl'
import { activity_assets } from '../../schema/tables/people'
import type { PostgresMigration } from '../postgres-migration'

/** The activity log in words, as a library's migration 0700: kind, words, action, and the assets of each entry. */
export const migration: PostgresMigration = {
  version: 390,
  name: 'activity-words',
  up: `
    ALTER TABLE activity ADD COLUMN kind text;
    ALTER TABLE activity ADD COLUMN words text;
    ALTER TABLE activity ADD COLUMN action text;
    CREATE INDEX activity_action ON activity (action);
    ${createTable(activity_assets, 'postgres').join(';\n    ')};
  `,
}
