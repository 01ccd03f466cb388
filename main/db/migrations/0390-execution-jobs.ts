import type { Migration } from '../migration'

/**
 * A workflow run made by a job follows its job (issue 33 point 1, issue 38 point 1): `job_id` links a ComfyUI run's
 * or a pipeline run's execution to the job that runs it, and a trigger ends every execution its job left queued or
 * running when the job ends, in whichever process or machine the job was ended (a crash seen at the next open, a
 * lease run out, a cancel): failed (or cancelled) with the job's own words. The run service records what the run
 * learnt (started, outputs, ComfyUI's outcome); it no longer has to be alive for its runs to stop being "running".
 * Existing rows are linked from the jobs' params (a ComfyUI job lists its executions) and from pipeline_runs, and
 * runs that stayed running after a crash are ended the same way.
 */
export const migration: Migration = {
  version: 390,
  name: 'execution-jobs',
  up(db) {
    db.exec(`
      ALTER TABLE workflow_executions ADD COLUMN job_id TEXT;
      CREATE INDEX workflow_executions_by_job ON workflow_executions (job_id) WHERE job_id IS NOT NULL;

      UPDATE workflow_executions SET job_id = (
        SELECT j.id FROM jobs j, json_each(j.params, '$.executionIds') x
        WHERE j.kind = 'comfy-run' AND json_valid(j.params) AND x.value = workflow_executions.id
      );
      UPDATE workflow_executions SET job_id = (
        SELECT p.job_id FROM pipeline_runs p WHERE p.execution_id = workflow_executions.id
      ) WHERE job_id IS NULL;

      CREATE TRIGGER workflow_executions_end_with_job AFTER UPDATE OF state ON jobs
      WHEN NEW.state IN ('done', 'failed', 'cancelled') BEGIN
        UPDATE workflow_executions
        SET status = CASE NEW.state WHEN 'cancelled' THEN 'cancelled' ELSE 'failed' END,
            error = COALESCE(error, NEW.error, 'The job ended before this run did.'),
            completed_at = COALESCE(completed_at, NEW.finished_at)
        WHERE job_id = NEW.id AND status IN ('queued', 'running');
      END;

      UPDATE workflow_executions
      SET status = CASE j.state WHEN 'cancelled' THEN 'cancelled' ELSE 'failed' END,
          error = COALESCE(workflow_executions.error, j.error, 'The job ended before this run did.'),
          completed_at = COALESCE(workflow_executions.completed_at, j.finished_at)
      FROM jobs j
      WHERE j.id = workflow_executions.job_id AND workflow_executions.status IN ('queued', 'running')
        AND j.state IN ('done', 'failed', 'cancelled');
    `)
  },
}
