import type { Migration } from '../migration'

/**
 * Each asset's thumbnail bytes (poster + sprite), written by the thumbnailer once it has made
 * them, so library:info sums them from an index instead of walking derived/ (at 100,000 assets
 * that walk was 200,000 lstat calls and held up every other file read meanwhile). NULL means
 * not recorded yet: rows made before this migration, measured once by library:info.
 */
export const migration: Migration = {
  version: 130,
  name: 'thumbnail-bytes',
  up(db) {
    db.exec(`
      ALTER TABLE videos ADD COLUMN thumbs_bytes INTEGER;
      CREATE INDEX videos_thumbs_bytes ON videos (thumbs_bytes);
    `)
  },
}
