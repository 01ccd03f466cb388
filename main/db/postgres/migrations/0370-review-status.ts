import { REVIEWED_FACET_SOURCES } from '../../migrations/0630-review-status'
import { changeTriggers } from '../../schema/change-triggers'
import { CATALOGUE } from '../../schema/index'
import { asset_reviews } from '../../schema/tables/review'
import { createTable } from '../../schema/table-ddl'
import type { PostgresMigration } from '../postgres-migration'

/** Each asset's review status, its changes and the facet change log following it, as a library's migration 0630. */
export const migration: PostgresMigration = {
  version: 370,
  name: 'review-status',
  up: `
    ALTER TABLE videos ADD COLUMN review_status text NOT NULL DEFAULT 'none'
      CHECK (review_status IN ('none', 'in-review', 'needs-changes', 'approved'));
    ALTER TABLE videos ADD COLUMN review_by text;
    ALTER TABLE videos ADD COLUMN review_at text;
    DROP TRIGGER facet_changes_video_update ON videos;
    CREATE TRIGGER facet_changes_video_update AFTER UPDATE OF ${REVIEWED_FACET_SOURCES.join(', ')} ON videos
      FOR EACH ROW EXECUTE FUNCTION fv_facet_change_of_video();
    ${[...createTable(asset_reviews, 'postgres'), ...changeTriggers(asset_reviews, 'postgres', CATALOGUE)].join(';\n    ')};
  `,
}
