import type { Migration } from '../migration'
import { logAsset } from './facet-change-log'

/**
 * Facet counts from an in-memory index (main/services/facet-index/) in place of migration 0100's cubes.
 *
 * The cubes answered checkbox filters only, cost an upsert per write, and left every other filter
 * state (a range, a tag, a text query) to a walk of the whole library: seconds at a million assets.
 * The index answers every filter state from typed arrays; it needs to know which assets changed since
 * it read them, in this process or any other (the CLI and the web host share a library). This log
 * tells it: one row per write that touches what the index holds, with the asset's rowid.
 *
 * - `videos` inserts and deletes, and updates of the columns the facets are computed from;
 * - tag and collection memberships (also when a tag or collection is deleted: the cascade fires them).
 *
 * The log keeps about its last 65,536 entries (the trigger below trims it every 4,096); an index
 * that fell further behind than that reads the library again.
 */
export const FACET_SOURCES = [
  'media_type',
  'source_type',
  'status',
  'codec',
  'resolution',
  'metadata',
  'rating',
  'duration_seconds',
  'size_bytes',
  'imported_at',
  'created_at',
  'health',
]
const CUBE_TRIGGERS = [
  'facet_cube_insert',
  'facet_cube_delete_tags',
  'facet_cube_delete',
  'facet_cube_update',
  'facet_tag_cube_update',
  'facet_tag_cube_tag',
  'facet_tag_cube_untag',
]

export const migration: Migration = {
  version: 140,
  name: 'facet-changes',
  up(db) {
    db.exec(`
      ${CUBE_TRIGGERS.map((name) => `DROP TRIGGER ${name};`).join('\n')}
      DROP TABLE facet_cube;
      DROP TABLE facet_tag_cube;

      CREATE TABLE facet_changes (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        video_rowid INTEGER NOT NULL
      );
      CREATE TRIGGER facet_changes_trim AFTER INSERT ON facet_changes WHEN new.seq % 4096 = 0 BEGIN
        DELETE FROM facet_changes WHERE seq <= new.seq - 65536;
      END;
      CREATE TRIGGER facet_changes_insert AFTER INSERT ON videos BEGIN
        INSERT INTO facet_changes (video_rowid) VALUES (new.rowid);
      END;
      CREATE TRIGGER facet_changes_update AFTER UPDATE OF ${FACET_SOURCES.join(', ')} ON videos BEGIN
        INSERT INTO facet_changes (video_rowid) VALUES (new.rowid);
      END;
      CREATE TRIGGER facet_changes_delete AFTER DELETE ON videos BEGIN
        INSERT INTO facet_changes (video_rowid) VALUES (old.rowid);
      END;
      CREATE TRIGGER facet_changes_tag AFTER INSERT ON asset_tags BEGIN ${logAsset('new.asset_id')} END;
      CREATE TRIGGER facet_changes_untag AFTER DELETE ON asset_tags BEGIN ${logAsset('old.asset_id')} END;
      CREATE TRIGGER facet_changes_collect AFTER INSERT ON collection_items BEGIN ${logAsset('new.video_id')} END;
      CREATE TRIGGER facet_changes_uncollect AFTER DELETE ON collection_items BEGIN ${logAsset('old.video_id')} END;
    `)
  },
}
