import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { assertNotNewer, migrate, type MigrationResult } from './migrate'
import type { Migration } from './migration'
import { upgradeProcessingJobs } from './plugin-cache-tables'

export interface OpenDatabaseOptions {
  /** Path of a better_sqlite3.node built for the running ABI (Electron); Node's build otherwise. */
  nativeBinding?: string
}

/**
 * Opens (or creates) a library database and brings its schema up to date; safe when several
 * processes open the same file at once (see `migrate`). A database from a newer version is
 * refused before any pragma could rewrite its header.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[],
  options: OpenDatabaseOptions = {},
): { db: Db; migration: MigrationResult } {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    // First: another process may hold a lock on this file (creating or migrating it, or
    // writing), and every step below may have to wait for it rather than fail.
    db.pragma('busy_timeout = 5000')
    assertNotNewer(db, migrations, file)
    retryWhileBusy(() => db.pragma('journal_mode = WAL'))
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
    const migration = retryWhileBusy(() => migrate(db, migrations, file))
    retryWhileBusy(() => upgradeProcessingJobs(db))
    return { db, migration }
  } catch (error) {
    db.close()
    throw error
  }
}

const BUSY_RETRY_MS = 5000
// SQLite's page cache of the library's connection (its default is 2 MB). A text search by name at a million assets
// reads ~145 pages of the text index and ~400 of rows: in 2 MB every search read them from the OS again (a tenth of
// its time in pread); in 32 MB a page of a common word took p50 4.0-4.2 ms instead of 4.4-4.9 (A/B, 2,400 pages).
const PAGE_CACHE_KIB = 32 * 1024

/**
 * Runs `step`, again while SQLite answers SQLITE_BUSY. SQLite skips the busy handler where
 * waiting could deadlock: two processes turning a fresh file to WAL at once both hold a
 * shared lock and want an exclusive one, so one of them fails at once instead of waiting.
 */
function retryWhileBusy<T>(step: () => T): T {
  const deadline = Date.now() + BUSY_RETRY_MS
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      return step()
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      // Opening is synchronous; a short random sleep lets the other process finish its switch.
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20)
    }
  }
}

/** Opens a library database that `openDatabase` has opened already, read only: a second reader beside it. */
export function openReadOnlyDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  db.pragma('busy_timeout = 5000')
  return db
}

/** Which file a database is (device, inode, birth time): another file put in its place reads differently. */
export function databaseIdentity(file: string): string {
  const { dev, ino, birthtimeMs } = statSync(file, { bigint: true })
  return `${dev}:${ino}:${birthtimeMs}`
}
