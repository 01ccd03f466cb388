import type { Migration } from '../migration'

/**
 * The activity log records what a review link's guest did (issue 60 point 6): the link they acted through, null for
 * a signed-in person's act (a hub's migration 0460).
 */
export const migration: Migration = {
  version: 800,
  name: 'activity-guests',
  up(db) {
    db.exec('ALTER TABLE activity ADD COLUMN link_id INTEGER')
  },
}
