import type { PostgresMigration } from '../postgres-migration'

/**
 * Jobs on a hub (issue 34): the `jobs` table with its leases, the per-file outcomes of imports and the per-asset
 * outcomes of batches, as a library's migrations 0170, 0210, 0220 and 0370 leave them: the same columns (epoch
 * milliseconds and byte counts as bigint), checks, keys and ON DELETE rules, so rows move between the two as they
 * are. What the repositories order by is in code-point order (COLLATE "C", as a library's BINARY text): a job's id
 * and creation time (the newest first, the id breaking ties) and an import item's job and finishing time (an
 * asset's provenance); the indexes that serve those orders end with the id. Asset ids keep the default collation,
 * as `videos.id` has, so joins on them use its key.
 *
 * The trigger that ends a job's workflow runs with it (a library's 0390, left out of this hub's 0070 and 0120 as
 * its jobs were no rows of its catalogue then): when a job ends, every run it left queued or running ends failed
 * (cancelled with a cancelled job), with the job's error and finishing time unless the run has its own.
 *
 * Of these tables, clients follow `import_items` alone (a ChangeTopic, tracked by a library too): it joins the
 * change log. Jobs and batch items go out as job events, as they do from a library.
 */
export const migration: PostgresMigration = {
  version: 200,
  name: 'jobs',
  up: `
    CREATE TABLE jobs (
      id            text COLLATE "C" PRIMARY KEY,
      kind          text NOT NULL,
      state         text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      title         text NOT NULL,
      asset_id      text,
      params        text,
      result        text,
      error         text,
      created_at    text COLLATE "C" NOT NULL,
      started_at    text,
      finished_at   text,
      owner_pid     integer,
      owner_started text,
      owner_id      text,
      owner_host    text,
      lease_until   bigint
    );
    CREATE INDEX jobs_created ON jobs (created_at, id);
    CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN ('queued', 'running');
    CREATE INDEX jobs_asset ON jobs (asset_id, created_at, id) WHERE asset_id IS NOT NULL;
    CREATE INDEX jobs_kind ON jobs (kind, created_at, id);

    CREATE TABLE import_items (
      job_id      text COLLATE "C" NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      seq         integer NOT NULL,
      path        text NOT NULL,
      name        text NOT NULL,
      size_bytes  bigint,
      outcome     text NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'failed')),
      asset_id    text,
      reason      text,
      finished_at text COLLATE "C" NOT NULL,
      PRIMARY KEY (job_id, seq)
    );
    CREATE INDEX import_items_outcome ON import_items (job_id, outcome);
    CREATE INDEX import_items_asset ON import_items (asset_id, outcome) WHERE asset_id IS NOT NULL;

    CREATE TABLE batch_items (
      job_id          text COLLATE "C" NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      seq             integer NOT NULL,
      asset_id        text NOT NULL,
      asset_name      text NOT NULL,
      outcome         text NOT NULL CHECK (outcome IN ('failed', 'skipped', 'ran', 'cached')),
      message         text,
      analysis_id     bigint,
      output_asset_id text,
      finished_at     text NOT NULL,
      PRIMARY KEY (job_id, seq)
    );
    CREATE INDEX batch_items_outcome ON batch_items (job_id, outcome, seq);

    -- The runs' job_id has the default collation: compared in it, the lookup walks workflow_executions_by_job.
    CREATE FUNCTION workflow_executions_end_with_job() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE workflow_executions
      SET status = CASE NEW.state WHEN 'cancelled' THEN 'cancelled' ELSE 'failed' END,
          error = coalesce(error, NEW.error, 'The job ended before this run did.'),
          completed_at = coalesce(completed_at, NEW.finished_at)
      WHERE job_id = NEW.id COLLATE "default" AND status IN ('queued', 'running');
      RETURN NULL;
    END $$;
    CREATE TRIGGER workflow_executions_end_with_job AFTER UPDATE OF state ON jobs
      FOR EACH ROW WHEN (NEW.state IN ('done', 'failed', 'cancelled'))
      EXECUTE FUNCTION workflow_executions_end_with_job();

    SELECT fv_follow_changes('import_items', 'import_items');
  `,
}
