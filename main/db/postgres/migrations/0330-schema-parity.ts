import type { PostgresMigration } from '../postgres-migration'

/**
 * What the schema-parity test (issue 59 point 1) found a hub holding unlike a library where nothing calls for it: the
 * indexes the shared repositories' sums read (media.ts's storageBytes and thumbsBytes, a library's 0050 and 0130),
 * and an index on `asset_tags (asset_id)` that its primary key (asset_id, tag_id) already serves. The content-hash
 * index takes the original media manager's name, as a library's 0580.
 */
export const migration: PostgresMigration = {
  version: 330,
  name: 'schema-parity',
  up: `
    CREATE INDEX videos_storage_size ON videos (storage, size_bytes);
    CREATE INDEX videos_thumbs_bytes ON videos (thumbs_bytes);
    DROP INDEX asset_tags_asset;
    ALTER INDEX videos_file_hash RENAME TO idx_videos_hash;
  `,
}
