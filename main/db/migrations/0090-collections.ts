import type { Migration } from '../migration'

/**
 * Collections (issue 8 item 4) and an index for the stats page (item 6).
 *
 * - `collections`: named sets of assets, names unique regardless of case.
 * - `collection_items`: many-to-many (an asset may be in many collections); a row goes with its
 *   collection or its asset (ON DELETE CASCADE both ways), so deleting a collection leaves the
 *   assets, and deleting an asset leaves no dangling membership. The primary key answers "what is
 *   in this collection" and the filter; `collection_items_video` answers "which collections is this
 *   asset in" (media:get, deletes through the cascade).
 * - Two indexes for the stats page, so it reads no wide `videos` rows: `videos_imported_bytes`
 *   answers imports per day with their bytes (covering), `videos_unverified` counts the assets no
 *   verify has checked yet (migration 0080's `verified_at`; partial, so it shrinks as verify runs).
 */
export const migration: Migration = {
  version: 90,
  name: 'collections',
  up(db) {
    db.exec(`
      CREATE TABLE collections (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE collection_items (
        collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
        video_id      TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        added_at      TEXT NOT NULL,
        PRIMARY KEY (collection_id, video_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX collection_items_video ON collection_items (video_id, collection_id);

      CREATE INDEX videos_imported_bytes ON videos (sort_imported, size_bytes);
      CREATE INDEX videos_unverified ON videos (id) WHERE verified_at IS NULL;
    `)
  },
}
