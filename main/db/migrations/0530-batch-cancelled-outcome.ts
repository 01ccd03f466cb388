import type { Migration } from '../migration'

/**
 * A batch's asset whose job a person cancelled (issue 64 point 7) has an outcome of its own, `cancelled`, rather than
 * reading as a failure. SQLite cannot change a CHECK in place: the table is made again with its rows (it holds no
 * triggers, and nothing refers to it). A hub makes the same change (its migration 0290).
 */
export const migration: Migration = {
  version: 530,
  name: 'batch-cancelled-outcome',
  up(db) {
    db.exec(`
      CREATE TABLE batch_items_next (
        job_id          TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        asset_id        TEXT NOT NULL,
        asset_name      TEXT NOT NULL,
        outcome         TEXT NOT NULL CHECK (outcome IN ('failed', 'cancelled', 'skipped', 'ran', 'cached')),
        message         TEXT,
        analysis_id     INTEGER,
        output_asset_id TEXT,
        finished_at     TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT;
      INSERT INTO batch_items_next SELECT job_id, seq, asset_id, asset_name, outcome, message, analysis_id,
        output_asset_id, finished_at FROM batch_items;
      DROP TABLE batch_items;
      ALTER TABLE batch_items_next RENAME TO batch_items;
      CREATE INDEX batch_items_outcome ON batch_items (job_id, outcome, seq);
    `)
  },
}
