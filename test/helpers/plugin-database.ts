import Database from 'better-sqlite3'

/**
 * The cache tables as issue 9 gives them: the media plugin storage's own SQL, kept here apart
 * from our migration so tests compare with an independent copy.
 */
export const PLUGIN_SCHEMA = `
  CREATE TABLE IF NOT EXISTS analysis_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, file_path TEXT NOT NULL, file_hash TEXT NOT NULL,
    config_hash TEXT NOT NULL, ranges JSON, metadata JSON, created_at REAL NOT NULL,
    UNIQUE(file_path, config_hash));
  CREATE TABLE IF NOT EXISTS processing_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT UNIQUE NOT NULL, action TEXT NOT NULL,
    input_path TEXT NOT NULL, input_hash TEXT NOT NULL, config_hash TEXT NOT NULL DEFAULT '',
    output_path TEXT NOT NULL, output_hash TEXT NOT NULL, parameters JSON, metadata JSON,
    created_at REAL NOT NULL);
  CREATE UNIQUE INDEX idx_processing_cache ON processing_jobs(action, input_path, config_hash);`

/** Writes a plugin's database at `file` as the plugin storage makes it, holding what `rows` inserts. */
export function pluginDatabase(file: string, rows: (db: Database.Database) => void): string {
  const db = new Database(file)
  try {
    db.exec(PLUGIN_SCHEMA)
    rows(db)
  } finally {
    db.close()
  }
  return file
}
