import type { PostgresMigration } from '../postgres-migration'

/**
 * What a pipeline run is beyond its workflow execution, as a library's migration 0320 keeps it: the same columns,
 * check, index and ON DELETE rules (its checkpoint may be pruned later: no key on it). Its stages and config stay
 * JSON text, as the runs' execution data does: nothing queries inside them.
 *
 * A library's other rules on these tables have no counterpart here yet: the text index of prompts and the facet
 * change log (a hub has neither index). The trigger that ends the runs a job left queued or running when the job
 * ends (a library's migration 0390) came with the hub's jobs, in 0200.
 */
export const migration: PostgresMigration = {
  version: 120,
  name: 'pipeline-runs',
  up: `
    CREATE TABLE pipeline_runs (
      execution_id       text PRIMARY KEY REFERENCES workflow_executions (id) ON DELETE CASCADE,
      video_id           text REFERENCES videos (id) ON DELETE SET NULL,
      timeline_id        bigint REFERENCES timelines (id) ON DELETE SET NULL,
      kind               text NOT NULL CHECK (kind IN ('initial', 'replay', 'retry')),
      from_checkpoint_id bigint,
      stages             text NOT NULL,
      config             text NOT NULL DEFAULT '{}',
      current_stage      text,
      job_id             text,
      created_at         text NOT NULL
    );
    CREATE INDEX pipeline_runs_by_video ON pipeline_runs (video_id, created_at) WHERE video_id IS NOT NULL;
  `,
}
