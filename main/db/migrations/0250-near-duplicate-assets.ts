import type { Migration } from '../migration'
import { logAsset } from './facet-change-log'

/**
 * The library's "Has near-duplicates" filter (issue 21). `near_duplicate_assets`: the assets that are in a group of
 * near-duplicates as the review page groups them (dismissed pairs left out), kept by the similar service whenever
 * the groups may change (main/services/similar/near-duplicate-set.ts), so a page filters on it with one primary-key
 * probe per row and the facet index counts it like a column; an asset's row goes with it (ON DELETE CASCADE).
 * Its writes reach the facet index through migration 0140's change log, as tag memberships do.
 * `library_meta.near_duplicates_stale`: set (a counter) while the table may be behind the groups, cleared when it
 * was brought up to date; a library hashed before this migration starts stale, so its first open fills the table.
 */
export const migration: Migration = {
  version: 250,
  name: 'near-duplicate-assets',
  up(db) {
    db.exec(`
      CREATE TABLE near_duplicate_assets (
        asset_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER facet_changes_near_duplicate AFTER INSERT ON near_duplicate_assets BEGIN
        ${logAsset('new.asset_id')}
      END;
      CREATE TRIGGER facet_changes_not_near_duplicate AFTER DELETE ON near_duplicate_assets BEGIN
        ${logAsset('old.asset_id')}
      END;
      INSERT INTO library_meta (key, value)
        SELECT 'near_duplicates_stale', '1' WHERE EXISTS (SELECT 1 FROM frame_hashes);
    `)
  },
}
