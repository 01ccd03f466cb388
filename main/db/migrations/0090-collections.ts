import type { Migration } from '../migration'

/**
 * Collections (issue 8 item 4) and indexes for the stats page (item 6).
 *
 * - `collections`: named sets of assets, names unique regardless of case.
 * - `collection_items`: many-to-many (an asset may be in many collections); a row goes with its
 *   collection or its asset (ON DELETE CASCADE both ways), so deleting a collection leaves the
 *   assets, and deleting an asset leaves no dangling membership. The primary key answers "what is
 *   in this collection" and the filter; `collection_items_video` answers "which collections is this
 *   asset in" (media:get, deletes through the cascade).
 * - Indexes for the stats page, so it reads no wide `videos` rows: `videos_stats` holds the
 *   columns of its groupings in GROUP BY order (no sort); `videos_duration_bytes` answers the
 *   duration histogram with one range per bucket; `videos_import_day` imports per day (the UTC
 *   date of the import, or of the row for assets other tools wrote) with their bytes, grouped in
 *   index order; `videos_unverified` counts the assets no verify has checked yet (migration
 *   0080's `verified_at`; partial, so it shrinks as verify runs). They index stored columns or
 *   an expression, never a VIRTUAL generated column (width, sort_imported): SQLite does not read
 *   such a column from an index, so the index would not be covering.
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

      CREATE INDEX videos_stats ON videos (media_type, source_type, codec, resolution, size_bytes);
      CREATE INDEX videos_duration_bytes ON videos (duration_seconds, size_bytes);
      CREATE INDEX videos_import_day ON videos (substr(coalesce(imported_at, created_at), 1, 10), size_bytes);
      CREATE INDEX videos_unverified ON videos (id) WHERE verified_at IS NULL;
    `)
  },
}
