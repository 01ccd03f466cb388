import type { PostgresMigration } from '../postgres-migration'

/** A batch's asset whose job a person cancelled has an outcome of its own (issue 64 point 7), as a library's 0530. */
export const migration: PostgresMigration = {
  version: 290,
  name: 'batch-cancelled-outcome',
  up: `
    ALTER TABLE batch_items DROP CONSTRAINT batch_items_outcome_check;
    ALTER TABLE batch_items ADD CONSTRAINT batch_items_outcome_check
      CHECK (outcome IN ('failed', 'cancelled', 'skipped', 'ran', 'cached'));
  `,
}
