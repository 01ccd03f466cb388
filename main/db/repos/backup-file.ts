import type { Database } from 'better-sqlite3'

/**
 * The checks and fix-ups a backup or restore runs on a database file other than the open
 * library's: is it whole, is it a Framevault library, and what does it hold.
 */
export function createBackupFileRepo(db: Database) {
  return {
    /** SQLite's own consistency check: 'ok', or the first problems it reports. */
    integrityCheck(): string {
      const rows = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check(20)').all()
      return rows.map((row) => row.integrity_check).join('; ')
    },
    /** True when the file has the table every Framevault library gets from its first migration. */
    isLibrary(): boolean {
      const found = db
        .prepare<[], number>("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'library_meta'")
        .pluck()
        .get()
      if (found === undefined) return false
      return db.prepare<[], number>("SELECT 1 FROM library_meta WHERE key = 'library_id'").pluck().get() !== undefined
    },
    /** Makes the file self-contained: a rollback journal instead of WAL, so no -wal file belongs to it. */
    useRollbackJournal(): void {
      db.pragma('journal_mode = DELETE')
    },
  }
}
export type BackupFileRepo = ReturnType<typeof createBackupFileRepo>
