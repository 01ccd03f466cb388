import type { Migration } from '../migration'

/**
 * The job that ran a batch's asset, when each asset is a job of its own (a team library's workers; issue 64 point 7):
 * a retry of that job is the asset's latest attempt, and the batch's outcome follows it ("Done: 1 failed" no longer
 * stays after the retry succeeded). Null for an asset the batch ran itself or skipped. The index finds the item of a
 * job as it ends. A hub makes the same change (its migration 0310).
 */
export const migration: Migration = {
  version: 550,
  name: 'batch-item-jobs',
  up(db) {
    db.exec(`
      ALTER TABLE batch_items ADD COLUMN asset_job_id TEXT;
      CREATE INDEX batch_items_by_asset_job ON batch_items (asset_job_id) WHERE asset_job_id IS NOT NULL;
    `)
  },
}
