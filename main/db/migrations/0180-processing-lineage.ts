import type { Migration } from '../migration'

/** An asset's processing lineage looks runs up by input and by output path (processing:list). */
export const migration: Migration = {
  version: 180,
  name: 'processing-lineage',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS processing_jobs_input ON processing_jobs (input_path);
      CREATE INDEX IF NOT EXISTS processing_jobs_output ON processing_jobs (output_path);
    `)
  },
}
