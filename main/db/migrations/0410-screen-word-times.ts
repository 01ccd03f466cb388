import type { Migration } from '../migration'

/**
 * When each word on screen was first read (issue 37 point 8: a search hit says "on screen at 0:03"):
 * `asset_screen_text.first_seen` is a JSON object of word → seconds into the asset of the first frame it was read
 * on. Rows from before have none until the text stage reads the asset again.
 */
export const migration: Migration = {
  version: 410,
  name: 'screen-word-times',
  up(db) {
    db.exec('ALTER TABLE asset_screen_text ADD COLUMN first_seen TEXT')
  },
}
