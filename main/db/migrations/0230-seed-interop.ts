import type { Database } from 'better-sqlite3'
import type { Migration } from '../migration'

/**
 * Issue 18: Framevault's library read and written by the seeds' own code.
 *
 * - The original media manager's writes succeed: `video_generation` gains its `error` column;
 *   `workflows.format` defaults to 'native' (the seed's own format) and `definition_hash` to '' (not
 *   hashed: the seed cannot compute ours); `workflow_executions.started_at` defaults to the insert time,
 *   as in the seed's table. Framevault names every column it writes, so the defaults only reach inserts
 *   that leave a column out (the seed's). SQLite cannot ALTER a default, and rebuilding `workflows`
 *   would cascade-delete its executions and associations, so the stored CREATE TABLE text is edited
 *   (SQLite's documented procedure for defaults; on PostgreSQL: ALTER COLUMN ... SET DEFAULT).
 * - `source_type = 'generated'` for an asset with generation details: existing uploaded ones are
 *   backfilled, and a trigger marks an uploaded asset when its details arrive, from any writer (an
 *   import that read them, a generator's upload, the seed's add_generation_details). Processed
 *   assets stay processed.
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
    setDefaults(db, [
      ['workflows', /(\bformat\s+TEXT NOT NULL)/, "$1 DEFAULT 'native'"],
      ['workflows', /(\bdefinition_hash\s+TEXT NOT NULL)/, "$1 DEFAULT ''"],
      ['workflow_executions', /(\bstarted_at\s+TEXT)/, '$1 DEFAULT CURRENT_TIMESTAMP'],
    ])
    db.exec(`
      ALTER TABLE video_generation ADD COLUMN error TEXT;

      UPDATE videos SET source_type = 'generated'
      WHERE source_type = 'uploaded' AND id IN (SELECT video_id FROM video_generation);
      CREATE TRIGGER video_generation_marks_generated AFTER INSERT ON video_generation BEGIN
        UPDATE videos SET source_type = 'generated' WHERE id = new.video_id AND source_type = 'uploaded';
      END;

      CREATE INDEX IF NOT EXISTS analysis_jobs_content ON analysis_jobs (file_hash, config_hash);
      CREATE INDEX IF NOT EXISTS processing_jobs_content ON processing_jobs (input_hash);
    `)
  },
}

/**
 * Adds column defaults by editing the tables' stored CREATE TABLE text, then bumps schema_version so
 * every connection reloads it (https://sqlite.org/lang_altertable.html#otheralter: a default changes
 * no stored row). Each edit must apply exactly once, or nothing is written.
 */
function setDefaults(db: Database, edits: [table: string, column: RegExp, replacement: string][]): void {
  const read = db.prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck()
  const tables = new Map<string, string>()
  for (const [table, column, replacement] of edits) {
    const sql = tables.get(table) ?? read.get(table)
    if (sql === undefined || !column.test(sql)) throw new Error(`migration 230: no column ${column} in ${table}`)
    tables.set(table, sql.replace(column, replacement))
  }
  const version = db.pragma('schema_version', { simple: true }) as number
  // writable_schema is refused in better-sqlite3's default (defensive) mode.
  db.unsafeMode(true)
  try {
    db.pragma('writable_schema = ON')
    const write = db.prepare<[string, string]>("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?")
    for (const [table, sql] of tables) write.run(sql, table)
    db.pragma(`schema_version = ${version + 1}`)
    db.pragma('writable_schema = OFF')
  } finally {
    db.unsafeMode(false)
  }
}
