import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { asset_reviews } from '../schema/tables/review'
import { createTable } from '../schema/table-ddl'
import type { Migration } from '../migration'
import { FACET_SOURCES } from './0140-facet-changes'

/** What the facet change log follows of an asset's row since this migration: the review status too. */
export const REVIEWED_FACET_SOURCES = [...FACET_SOURCES, 'review_status']

/**
 * Each asset's review status (issue 60 point 2: none, in review, needs changes, approved), as a hub's migration 0370
 * keeps it: every change a row of `asset_reviews` (who, when, the comment it carried), the newest copied to `videos`,
 * where the facet index reads it. `videos_facets` is made again with it after `imported_by` (as 0600 did), and the
 * facet change log's trigger again, as a new status changes the counts.
 */
export const migration: Migration = {
  version: 630,
  name: 'review-status',
  up(db) {
    db.exec(`
      ALTER TABLE videos ADD COLUMN review_status TEXT NOT NULL DEFAULT 'none'
        CHECK (review_status IN ('none', 'in-review', 'needs-changes', 'approved'));
      ALTER TABLE videos ADD COLUMN review_by TEXT;
      ALTER TABLE videos ADD COLUMN review_at TEXT;
      DROP INDEX videos_facets;
      CREATE INDEX videos_facets ON videos (
        media_type, source_type, status, codec, container, has_audio, rating, width, height, imported_by,
        review_status, duration_seconds, size_bytes, sort_imported
      );
      DROP TRIGGER facet_changes_update;
      CREATE TRIGGER facet_changes_update AFTER UPDATE OF ${REVIEWED_FACET_SOURCES.join(', ')} ON videos BEGIN
        INSERT INTO facet_changes (video_rowid) VALUES (new.rowid);
      END;
    `)
    for (const statement of [
      ...createTable(asset_reviews, 'sqlite'),
      ...changeTriggers(asset_reviews, 'sqlite', CATALOGUE),
    ]) {
      db.exec(statement)
    }
  },
}
