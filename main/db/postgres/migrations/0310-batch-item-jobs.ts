import type { PostgresMigration } from '../postgres-migration'

/** The job that ran a batch's asset, whose retries the batch's outcome follows (issue 64 point 7), as a library's 0550. */
export const migration: PostgresMigration = {
  version: 310,
  name: 'batch-item-jobs',
  up: `
    ALTER TABLE batch_items ADD COLUMN asset_job_id text COLLATE "C";
    CREATE INDEX batch_items_by_asset_job ON batch_items (asset_job_id) WHERE asset_job_id IS NOT NULL;
  `,
}
