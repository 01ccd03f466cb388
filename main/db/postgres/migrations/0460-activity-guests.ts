import type { PostgresMigration } from '../postgres-migration'

/** The review link a guest acted through, beside each activity entry, as a library's migration 0800. */
export const migration: PostgresMigration = {
  version: 460,
  name: 'activity-guests',
  up: 'ALTER TABLE activity ADD COLUMN link_id bigint',
}
