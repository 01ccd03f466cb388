import type { Migration } from '../migration'

/**
 * The process that owns an import job: its pid and that process's start time (Linux: field 22
 * of /proc/<pid>/stat; NULL where the platform does not tell). Opening a library fails only
 * unfinished jobs whose owner is gone, so a second process (CLI next to the app) no longer
 * marks the first one's running import as interrupted. Rows from before this have no owner
 * and count as gone.
 */
export const migration: Migration = {
  version: 30,
  name: 'import-job-owner',
  up(db) {
    db.exec(`
      ALTER TABLE import_jobs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE import_jobs ADD COLUMN owner_started TEXT;
      CREATE INDEX import_jobs_unfinished ON import_jobs (state) WHERE state IN ('queued', 'running');
    `)
  },
}
