import type { Migration } from '../migration'

/**
 * Jobs any worker may claim (issue 35), as a hub's migration 0250 makes them: who asked for the job (the queue's
 * fairness goes by person), how many times a runner claimed it (a job whose worker vanished is queued again up to a
 * limit), and a cancel asked for by a process that does not hold it (its holder stops it at its next beat).
 * A job queued with no owner waits for a runner that runs its kind.
 */
export const migration: Migration = {
  version: 470,
  name: 'job-queue',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN requested_by TEXT;
      ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX jobs_waiting ON jobs (kind, created_at, id) WHERE state = 'queued' AND owner_id IS NULL;
    `)
  },
}
