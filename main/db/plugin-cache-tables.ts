import type { Database } from 'better-sqlite3'

/**
 * Brings a processing_jobs table that plugins wrote before config hashes existed up to the
 * current layout: adds config_hash (default ''), deletes the duplicates of (action, input_path,
 * config_hash) but the newest (created_at, then id), and builds the unique index the cache looks
 * up by. One transaction; nothing is written when the table is current, so every open can call it.
 */
export function upgradeProcessingJobs(db: Database): void {
  if (isCurrent(db)) return
  db.transaction(() => {
    // Another process may have upgraded it since the check.
    if (isCurrent(db)) return
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('processing_jobs')").all()
    if (!columns.some((column) => column.name === 'config_hash')) {
      db.exec("ALTER TABLE processing_jobs ADD COLUMN config_hash TEXT NOT NULL DEFAULT ''")
    }
    db.exec(`
      DELETE FROM processing_jobs WHERE id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER (
            PARTITION BY action, input_path, config_hash ORDER BY created_at DESC, id DESC) AS newness
          FROM processing_jobs)
        WHERE newness > 1);
      CREATE UNIQUE INDEX IF NOT EXISTS idx_processing_cache ON processing_jobs (action, input_path, config_hash);
    `)
  }).immediate()
}

/** Whether processing_jobs is missing (nothing to upgrade) or already has its unique index. */
function isCurrent(db: Database): boolean {
  const found = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE name IN ('processing_jobs', 'idx_processing_cache')",
    )
    .all()
    .map((row) => row.name)
  return !found.includes('processing_jobs') || found.includes('idx_processing_cache')
}
