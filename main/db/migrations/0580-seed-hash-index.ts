import type { Migration } from '../migration'

/**
 * The content-hash index under the original media manager's own name, `idx_videos_hash` (issue 59 point 6): its
 * first connection to a library runs `CREATE INDEX IF NOT EXISTS idx_videos_hash ON videos(file_hash)`, which beside
 * our `videos_file_hash` made a second index on the same column, written at every import. Under its name, that
 * statement finds the index there. A library the manager already opened keeps the one it made.
 */
export const migration: Migration = {
  version: 580,
  name: 'seed-hash-index',
  up(db) {
    db.exec(`
      DROP INDEX videos_file_hash;
      CREATE INDEX IF NOT EXISTS idx_videos_hash ON videos (file_hash);
    `)
  },
}
