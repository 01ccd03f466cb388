import type { Migration } from '../migration'

/**
 * Issue 18: Framevault's library read and written by the seeds' own code.
 *
 * - Content-addressed cache hits: a cached analysis or processing run answers for the same bytes under
 *   any path, so the caches are looked up by (content hash, config hash) too. Only indexes are added to
 *   the plugins' tables (IF NOT EXISTS, names of our own): their columns and keys stay as they are.
 *   processing_jobs' is on input_hash alone: a plugin's older table has no config_hash column until
 *   plugin-cache-tables.ts adds it after the migrations, and one content's runs are few.
 */
export const migration: Migration = {
  version: 230,
  name: 'seed-interop',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS analysis_jobs_content ON analysis_jobs (file_hash, config_hash);
      CREATE INDEX IF NOT EXISTS processing_jobs_content ON processing_jobs (input_hash);
    `)
  },
}
