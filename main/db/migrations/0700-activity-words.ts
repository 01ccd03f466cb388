import type { Migration } from '../migration'
import { createTable } from '../schema/table-ddl'
import { activity_assets } from '../schema/tables/people'

/**
 * The activity log in words (issue 60 point 6): each entry's kind and words, the action a client named for the calls
 * of one act, and the assets it was about (`activity_assets`, read by an asset's own history).
 */
export const migration: Migration = {
  version: 700,
  name: 'activity-words',
  up(db) {
    db.exec(`
      ALTER TABLE activity ADD COLUMN kind TEXT;
      ALTER TABLE activity ADD COLUMN words TEXT;
      ALTER TABLE activity ADD COLUMN action TEXT;
      CREATE INDEX activity_action ON activity (action);
    `)
    for (const statement of createTable(activity_assets, 'sqlite')) db.exec(statement)
  },
}
