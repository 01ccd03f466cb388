import type { PostgresMigration } from '../postgres-migration'

/** Who cancelled a job (issue 64 point 7), as a library's migration 0520 keeps it. */
export const migration: PostgresMigration = {
  version: 280,
  name: 'job-cancelled-by',
  up: `ALTER TABLE jobs ADD COLUMN cancelled_by text;`,
}
