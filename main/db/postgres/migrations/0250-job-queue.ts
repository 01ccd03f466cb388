import type { PostgresMigration } from '../postgres-migration'

/**
 * Jobs any worker may claim (issue 35), as a library's migration 0470 makes them: who asked for the job (the
 * queue's fairness goes by person), how many times a runner claimed it, and a cancel asked for by a process that
 * does not hold it. The waiting jobs (queued, no owner) have an index of their own, which claims walk.
 */
export const migration: PostgresMigration = {
  version: 250,
  name: 'job-queue',
  up: `
    ALTER TABLE jobs ADD COLUMN requested_by text;
    ALTER TABLE jobs ADD COLUMN attempts integer NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN cancel_requested integer NOT NULL DEFAULT 0;
    CREATE INDEX jobs_waiting ON jobs (kind, created_at, id) WHERE state = 'queued' AND owner_id IS NULL;
  `,
}
