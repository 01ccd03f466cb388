import type { Migration } from '../migration'

/**
 * Batches (issue 22, point 6): one row per asset a batch job finished with, written as each asset
 * ends (the batch's progress goes out as events only), keyed to its job and gone with it. The
 * asset's name is kept as it was then: the outcome outlives a rename or a delete. The index on
 * (job_id, outcome) answers "the failures first" and the per-outcome counts.
 */
export const migration: Migration = {
  version: 220,
  name: 'batch-items',
  up(db) {
    db.exec(`
      CREATE TABLE batch_items (
        job_id          TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        asset_id        TEXT NOT NULL,
        asset_name      TEXT NOT NULL,
        outcome         TEXT NOT NULL CHECK (outcome IN ('failed', 'skipped', 'ran', 'cached')),
        message         TEXT,
        analysis_id     INTEGER,
        output_asset_id TEXT,
        finished_at     TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT;
      CREATE INDEX batch_items_outcome ON batch_items (job_id, outcome, seq);
    `)
  },
}
