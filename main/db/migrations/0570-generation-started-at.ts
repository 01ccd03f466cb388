import type { Migration } from '../migration'

/**
 * `video_generation.started_at`, the last column of the original media manager's table that a library lacked (issue
 * 59 point 6): its `add_generation_details` names it in every insert, so each one failed with "table video_generation
 * has no column named started_at". When the generation started, as its writer gives it (text, as `completed_at`).
 */
export const migration: Migration = {
  version: 570,
  name: 'generation-started-at',
  up(db) {
    db.exec('ALTER TABLE video_generation ADD COLUMN started_at TEXT')
  },
}
