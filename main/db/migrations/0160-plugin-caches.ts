import type { Migration } from '../migration'

/**
 * The analysis and processing caches (issue 9), column for column as the media plugin storage
 * writes them, so a plugin's database opens as it is and ours opens in the plugins: results
 * keyed by file path and config hash, valid while the file's content hash matches; created_at
 * is unix seconds (REAL), hashes are "algo:hex". IF NOT EXISTS: a plugin may have made them in
 * this file already. processing_jobs' config_hash column and its unique index are added by
 * plugin-cache-tables.ts at every open, which also upgrades a plugin's older table that lacks them.
 * The created_at index is ours: newest-first listings of a big cache.
 */
export const migration: Migration = {
  version: 160,
  name: 'plugin-caches',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS analysis_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, file_path TEXT NOT NULL, file_hash TEXT NOT NULL,
        config_hash TEXT NOT NULL, ranges JSON, metadata JSON, created_at REAL NOT NULL,
        UNIQUE(file_path, config_hash));
      CREATE TABLE IF NOT EXISTS processing_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT UNIQUE NOT NULL, action TEXT NOT NULL,
        input_path TEXT NOT NULL, input_hash TEXT NOT NULL, config_hash TEXT NOT NULL DEFAULT '',
        output_path TEXT NOT NULL, output_hash TEXT NOT NULL, parameters JSON, metadata JSON,
        created_at REAL NOT NULL);
      CREATE INDEX IF NOT EXISTS analysis_jobs_created ON analysis_jobs (created_at);
      CREATE INDEX IF NOT EXISTS processing_jobs_created ON processing_jobs (created_at);
    `)
  },
}
