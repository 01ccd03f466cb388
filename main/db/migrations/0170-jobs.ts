import type { Migration } from '../migration'

/**
 * Jobs other than imports (issue 9's analyses and processing first): one row per job with its
 * state transitions (progress goes out as events only, DESIGN §4), the process that owns it (so a
 * restart tells an interrupted job from one another process still runs), its parameters and its
 * result as JSON. `asset_id` names the asset a job works on, without a foreign key: the job's
 * history outlives the asset.
 */
export const migration: Migration = {
  version: 170,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        title         TEXT NOT NULL,
        asset_id      TEXT,
        params        TEXT,
        result        TEXT,
        error         TEXT,
        created_at    TEXT NOT NULL,
        started_at    TEXT,
        finished_at   TEXT,
        owner_pid     INTEGER,
        owner_started TEXT
      ) STRICT;
      CREATE INDEX jobs_created ON jobs (created_at);
      CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN ('queued', 'running');
      CREATE INDEX jobs_asset ON jobs (asset_id, created_at) WHERE asset_id IS NOT NULL;
    `)
  },
}
