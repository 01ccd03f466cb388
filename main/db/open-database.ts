import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { assertNotNewer, migrate, type MigrationResult } from './migrate'
import type { Migration } from './migration'

export interface OpenDatabaseOptions {
  /** Path of a better_sqlite3.node built for the running ABI (Electron); Node's build otherwise. */
  nativeBinding?: string
}

/**
 * Opens (or creates) a library database and brings its schema up to date.
 * A database from a newer version is refused before any pragma could rewrite its header.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[],
  options: OpenDatabaseOptions = {},
): { db: Db; migration: MigrationResult } {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    assertNotNewer(db, migrations, file)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    return { db, migration: migrate(db, migrations, file) }
  } catch (error) {
    db.close()
    throw error
  }
}
