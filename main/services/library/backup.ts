import { randomUUID } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { BackupName, type BackupFile, type BackupResult } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { schemaVersion } from '../../db/migrate'
import { createBackupFileRepo } from '../../db/repos/backup-file'
import { createSchemaStatsRepo } from '../../db/repos/schema-stats'
import { removeQuietly, removeStaleOwned } from '../../library/atomic-write'
import { assertFolderExists, folderNames, lookAt, makeFolder, renameIntoPlace } from '../../library/database-files'
import type { Library } from '../library-context'
import { realPathInside } from '../../security/contained-path'

/** The library's own folder of backups, where the UI writes and lists them. */
export const BACKUPS_FOLDER = 'backups'
// Each step holds SQLite's read lock and the event loop: about 1% of the file, at least 1 MiB of 4 KiB pages.
const MIN_STEP_PAGES = 256
const STEPS = 100
// better-sqlite3 clamps the step to 0..2^31-1 and treats 0 as "copy nothing": this is "the rest at once".
const ALL_PAGES = 0x7fffffff
const PROGRESS_EVERY_MS = 100
const LISTED_MAX = 500

// writeVerifiedCopy's temp file `.<name>.<pid>-<uuid>.tmp`, and the journal SQLite keeps beside it while writing.
const COPY_TEMP = /^\..+\.(\d+)-[0-9a-f-]{36}\.tmp(?:-journal|-wal|-shm)?$/

/** The writing process's pid in the name of a verified copy's temp file (or its journal); undefined for any other name. */
export function copyTempOwner(name: string): number | undefined {
  const pid = COPY_TEMP.exec(name)?.[1]
  return pid === undefined ? undefined : Number(pid)
}

/**
 * Removes what backups killed midway left in the library's `backups/` folder (their temp files
 * and journals, hidden from the list); a live process's stay. Returns how many went.
 */
export function removeStaleBackupTemps(libraryDir: string): Promise<number> {
  return removeStaleOwned(path.join(libraryDir, BACKUPS_FOLDER), copyTempOwner)
}

/** Pages copied so far of a running backup. */
export interface PageProgress {
  pagesDone: number
  pagesTotal: number
  done: boolean
}

export interface BackupOptions {
  /** Replace an existing file at the destination. */
  force?: boolean
  /** Called at most every 100 ms while pages are copied, and once at the end with `done`. */
  onProgress?: (progress: PageProgress) => void
}

/** What a verified database file holds. */
export interface DatabaseFacts {
  schemaVersion: number
  tables: BackupResult['tables']
}

/**
 * Writes a consistent snapshot of the open library database `db` to `destination` (SQLite's
 * online backup, so imports may go on), verifies it, and only then gives it its name. What backups
 * killed midway left in the destination's folder (their temp copies of dead processes) goes first:
 * a folder outside the library is swept by nothing else.
 */
export async function backupDatabase(
  db: Db,
  nativeBinding: string | undefined,
  destination: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const started = performance.now()
  const target = path.resolve(destination)
  await assertWritableDestination(target, options.force ?? false)
  await removeStaleOwned(path.dirname(target), copyTempOwner)
  const { facts, pagesTotal } = await writeVerifiedCopy(db, target, nativeBinding, options.onProgress)
  options.onProgress?.({ pagesDone: pagesTotal, pagesTotal, done: true })
  return {
    name: path.basename(target),
    path: target,
    bytes: (await lookAt(target, { follow: true }))?.size ?? 0,
    ...facts,
    seconds: Math.round(performance.now() - started) / 1000,
  }
}

/**
 * Copies the open database `source` to `target` through a temp file in the same folder:
 * backed up, checked with integrity_check, flushed, renamed, folder flushed. A crash or a
 * failed check never leaves a file under `target`.
 */
export async function writeVerifiedCopy(
  source: Db,
  target: string,
  nativeBinding: string | undefined,
  onProgress?: (progress: PageProgress) => void,
): Promise<{ facts: DatabaseFacts; pagesTotal: number }> {
  const folder = path.dirname(target)
  const temp = path.join(folder, `.${path.basename(target)}.${process.pid}-${randomUUID()}.tmp`)
  try {
    const { totalPages } = await source.backup(temp, { progress: stepper(onProgress) })
    const facts = verifyDatabaseFile(temp, nativeBinding)
    await renameIntoPlace(temp, target)
    return { facts, pagesTotal: totalPages }
  } catch (error) {
    await removeDatabaseFiles(temp)
    throw asStorageError(error, `Could not write ${target}`)
  }
}

/**
 * Opens a freshly written copy, makes it self-contained (rollback journal, so no -wal file
 * belongs to it) and runs integrity_check; returns its schema version and row counts.
 */
export function verifyDatabaseFile(file: string, nativeBinding: string | undefined): DatabaseFacts {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {})
  try {
    const repo = createBackupFileRepo(db)
    repo.useRollbackJournal()
    const check = repo.integrityCheck()
    if (check !== 'ok') throw new AppError('io', `The copy at ${file} failed SQLite's integrity check: ${check}`)
    return { schemaVersion: schemaVersion(db), tables: createSchemaStatsRepo(db).tableCounts() }
  } finally {
    db.close()
  }
}

/** Backs the library up to `backups/library-<time>.db` inside it, reporting progress as events. */
export async function backupIntoLibrary(
  lib: Pick<Library, 'dir' | 'events' | 'nativeBinding' | 'sqlite'>,
): Promise<BackupResult> {
  if (!lib.sqlite) {
    throw new AppError('unsupported', 'A hub is backed up with pg_dump and a copy of its bucket (docs/hub.md).')
  }
  const { db } = lib.sqlite
  const folder = await backupsFolder(lib)
  await makeFolder(folder, { parents: true })
  const name = `library-${new Date().toISOString().replace(/[:.]/g, '-')}.db`
  let lastEmit = 0
  return backupDatabase(db, lib.nativeBinding, path.join(folder, name), {
    onProgress(progress) {
      const now = performance.now()
      if (!progress.done && now - lastEmit < PROGRESS_EVERY_MS) return
      lastEmit = now
      lib.events.emit('library:backup-progress', { name, ...progress })
    },
  })
}

/** The backups in the library's `backups/` folder, newest first. */
export async function listBackups(lib: Pick<Library, 'dir'>): Promise<{ folder: string; backups: BackupFile[] }> {
  const folder = await backupsFolder(lib)
  const names = await folderNames(folder)
  if (names === undefined) return { folder, backups: [] }
  const found = await Promise.all(
    names.filter((name) => BackupName.safeParse(name).success).map((name) => describeFile(folder, name)),
  )
  const backups = found
    .filter((file): file is BackupFile => file !== undefined)
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.name.localeCompare(a.name))
  return { folder, backups: backups.slice(0, LISTED_MAX) }
}

/** The real path of the library's backups folder; forbidden when a symlink leads it out of the library. */
export function backupsFolder(lib: Pick<Library, 'dir'>): Promise<string> {
  return realPathInside(lib.dir, path.join(lib.dir, BACKUPS_FOLDER))
}

/** Maps SQLite's own failures (disk full, not a database, ...) to `io`; everything else passes. */
export function asStorageError(error: unknown, context: string): unknown {
  if (error instanceof Database.SqliteError) return new AppError('io', `${context}: ${error.message}`)
  return error
}

/** Deletes a database file and the journal, WAL and shared-memory files SQLite may have left beside it. */
export async function removeDatabaseFiles(file: string): Promise<void> {
  await Promise.all(['', '-journal', '-wal', '-shm'].map((suffix) => removeQuietly(file + suffix)))
}

async function describeFile(folder: string, name: string): Promise<BackupFile | undefined> {
  // Removed between the listing and the look: it is simply not listed.
  const info = await lookAt(path.join(folder, name), { follow: false })
  return info?.isFile() ? { name, bytes: info.size, modifiedAt: info.mtime.toISOString() } : undefined
}

async function assertWritableDestination(target: string, force: boolean): Promise<void> {
  await assertFolderExists(path.dirname(target))
  const existing = await lookAt(target, { follow: false })
  if (existing?.isDirectory()) throw new AppError('conflict', `${target} is a folder.`, { path: target })
  if (existing && !force) {
    throw new AppError('conflict', `${target} already exists; pass --force to replace it.`, { path: target })
  }
}

/**
 * The progress handler of one backup. SQLite restarts a backup when another process writes
 * to the source between steps (writes through our own connection are copied along instead);
 * after a restart the rest is copied in one step, under one read lock, so a busy second
 * process cannot keep the backup from ever finishing.
 */
function stepper(onProgress?: (progress: PageProgress) => void) {
  let lastRemaining = Infinity
  let restarted = false
  return ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }): number => {
    if (remainingPages >= lastRemaining) restarted = true
    lastRemaining = remainingPages
    onProgress?.({ pagesDone: totalPages - remainingPages, pagesTotal: totalPages, done: false })
    return restarted ? ALL_PAGES : Math.max(MIN_STEP_PAGES, Math.ceil(totalPages / STEPS))
  }
}
