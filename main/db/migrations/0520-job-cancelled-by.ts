import type { Migration } from '../migration'

/**
 * Who cancelled a job (issue 64 point 7): a cancel made on purpose by a person reads as theirs ("Cancelled by
 * Vera") rather than as an unexplained end; null for a cancel nobody made by name (a closing app). A hub keeps the
 * same column (its migration 0280).
 */
export const migration: Migration = {
  version: 520,
  name: 'job-cancelled-by',
  up(db) {
    db.exec(`ALTER TABLE jobs ADD COLUMN cancelled_by TEXT;`)
  },
}
