import path from 'node:path'
import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import type { RestoreResult } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { assertNotNewer } from '../../db/migrate'
import type { Migration } from '../../db/migration'
import { migrations as shippedMigrations } from '../../db/migrations/index'
import { openDatabase } from '../../db/open-database'
import { createBackupFileRepo } from '../../db/repos/backup-file'
import { createJobsRepo } from '../../db/repos/jobs'
import { createSchemaStatsRepo } from '../../db/repos/schema-stats'
import { forgetAllTrash } from '../../db/repos/trash'
import { forgetAllWatchFolders } from '../../db/repos/watch-folders'
import { sqliteEngine } from '../../db/sql/sqlite-engine'
import { removeQuietly } from '../../library/atomic-write'
import {
  assertFolderExists,
  folderNames,
  lookAt,
  lookAtStrictly,
  makeFolder,
  removeEmptyFolder,
  renameIntoPlace,
  writeMarker,
} from '../../library/database-files'
import { DATABASE_FILE } from '../../library/library-paths'
import type { Library } from '../library-context'
import { RESTORE_MARKER, restoreMarkerOf } from '../../library/library-location'
import { pidIsAlive } from '../../jobs/process-owner'
import { isSameOrInside, realPathOf } from '../../security/contained-path'
import { asStorageError, backupsFolder, copyTempOwner, removeDatabaseFiles, writeVerifiedCopy } from './backup'
import { giveRestoredIdentity, recordRestore } from './restored-identity'

const INTERRUPTED = 'Interrupted: the backup was taken while this job was running.'
// While a restore writes into a folder, its marker names its process: a retry after a kill knows the rest is its own,
// and opening the folder as a library is refused until the restore has finished.
// The copy is made, migrated and given its own identity under this name, then renamed to the database's.
const STAGED_FILE = `.${DATABASE_FILE}.restoring`
// The files a restore writes: the staged copy and the database (and what SQLite keeps beside each), and temp copies.
const RESTORE_FILE = new RegExp(`^(?:${DATABASE_FILE}|${STAGED_FILE})(?:-journal|-wal|-shm)?$`.replaceAll('.', '\\.'))

export interface RestoreOptions {
  nativeBinding?: string
  migrations?: readonly Migration[]
  /** The folder of the library the backup was taken of, when known: the restore keeps it to lead back there. */
  originDir?: string
}

/**
 * Restores a backup file as a new library in `targetDir` (missing or empty): checks that it
 * is a whole Framevault library database this build can read, copies it to
 * `targetDir/library.db` (temp, flush, rename), then opens it so migrations bring it up to
 * date and gives it an identity of its own (see giveRestoredIdentity). Only the database is
 * restored: assets keep the file paths they had. Nothing is written unless every check passes;
 * a failure after that removes what was written. The backup file is only read.
 */
export async function restoreLibrary(
  backupFile: string,
  targetDir: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const source = path.resolve(backupFile)
  const target = path.resolve(targetDir)
  const migrations = options.migrations ?? shippedMigrations
  const targetExists = await assertEmptyTarget(target)
  const sourceDb = await openBackup(source, migrations, options.nativeBinding)
  const backupAt = (await lookAt(source, { follow: true }))!.mtime
  const databasePath = path.join(target, DATABASE_FILE)
  const staged = path.join(target, STAGED_FILE)
  const marker = path.join(target, restoreMarkerOf(process.pid))
  try {
    if (!targetExists) await makeFolder(target, { parents: false })
    await writeMarker(marker)
    await writeVerifiedCopy(sourceDb, staged, options.nativeBinding)
  } catch (error) {
    await undo(target, targetExists)
    throw error
  } finally {
    sourceDb.close()
  }
  try {
    // Only a copy that is migrated and has its own identity becomes the library's database: a kill at any
    // point never leaves a library.db that would open as the library the backup was taken of.
    const restored = await finishRestore(target, staged, databasePath, migrations, options, backupAt)
    await renameIntoPlace(staged, databasePath)
    await removeQuietly(marker)
    return restored
  } catch (error) {
    await undo(target, targetExists)
    throw asStorageError(error, `Could not open the restored library in ${target}`)
  }
}

/** `library:restore`: restores a backup from the library's own `backups/` folder into `target`. */
export async function restoreFromLibraryBackup(
  lib: Pick<Library, 'catalog' | 'dir' | 'nativeBinding' | 'pathGate'>,
  { backup, target }: { backup: string; target: string },
): Promise<RestoreResult> {
  // The contract accepts Windows-style paths too; resolve() would put one below the cwd here.
  if (!path.isAbsolute(target)) throw new AppError('validation', `${target} is not an absolute path here.`)
  const resolved = path.resolve(target)
  if (!lib.pathGate.permits(resolved)) {
    throw new AppError('forbidden', `This host may not write to ${resolved}.`, { path: resolved })
  }
  if (isSameOrInside(realPathOf(lib.dir), realPathOf(resolved))) {
    throw new AppError('validation', 'Restore into a folder outside this library.', { path: resolved })
  }
  const file = path.join(await backupsFolder(lib), backup)
  const info = await lookAt(file, { follow: false })
  if (!info?.isFile()) throw new AppError('not_found', `No backup named ${backup}.`, { backup })
  const restored = await restoreLibrary(file, resolved, { nativeBinding: lib.nativeBinding, originDir: lib.dir })
  await recordRestore(lib, {
    id: restored.id,
    path: restored.path,
    name: restored.name,
    backupAt: info.mtime.toISOString(),
    restoredAt: new Date().toISOString(),
  })
  return restored
}

/** Migrates the staged copy, gives it an identity of its own, empties its trash and watch folders, and interrupts its unfinished jobs. */
async function finishRestore(
  target: string,
  staged: string,
  databasePath: string,
  migrations: readonly Migration[],
  { nativeBinding, originDir }: RestoreOptions,
  backupAt: Date,
): Promise<RestoreResult> {
  const { db, migration } = openDatabase(staged, migrations, { nativeBinding })
  try {
    // What the backup held: counted before the copy is told who it is (two more rows of library_meta).
    const tables = createSchemaStatsRepo(db).tableCounts()
    const identity = await giveRestoredIdentity(db, backupAt, originDir)
    // The original's trash (its files are in the original's folder) and watch folders (the original imports from
    // them) are not the copy's: it starts with neither, and the answer names the folders to add if wanted.
    const { trashedAssets, watchFolders } = db.transaction(() => ({
      trashedAssets: forgetAllTrash(db),
      watchFolders: forgetAllWatchFolders(db),
    }))()
    // Every unfinished job is interrupted: no process runs it in the copy, while its owner (the host that
    // took the backup) may well be alive, so the owner check at the next open would leave it "running".
    const interrupted = await createJobsRepo(sqliteEngine(db)).failUnfinished(
      new Date().toISOString(),
      () => INTERRUPTED,
      () => true,
    )
    const interruptedJobs = interrupted.length
    return {
      ...identity,
      path: target,
      databasePath,
      schemaVersion: migration.to,
      migratedFrom: migration.from,
      applied: migration.applied,
      tables,
      interruptedJobs,
      trashedAssets,
      watchFolders,
    }
  } finally {
    db.close()
  }
}

/** Resolves to whether `target` exists; throws unless it is an empty folder or missing with an existing parent. */
async function assertEmptyTarget(target: string): Promise<boolean> {
  const info = await lookAtStrictly(target)
  if (!info) {
    await assertFolderExists(path.dirname(target))
    return false
  }
  if (!info.isDirectory()) throw new AppError('conflict', `${target} exists and is not a folder.`, { path: target })
  const names = (await folderNames(target)) ?? []
  if (names.length > 0) await removeLeftovers(target, names)
  return true
}

/**
 * What a restore killed midway left in `target` (its marker names a process that is gone, and
 * every other file is one a restore writes) is removed, so the same restore can start again.
 * Throws unless that is all the folder holds.
 */
async function removeLeftovers(target: string, names: string[]): Promise<void> {
  const owners = names.flatMap((name) => {
    const pid = RESTORE_MARKER.exec(name)?.[1]
    return pid === undefined ? [] : [Number(pid)]
  })
  const ours = (name: string) =>
    RESTORE_MARKER.test(name) || RESTORE_FILE.test(name) || copyTempOwner(name) !== undefined
  const running = owners.find((pid) => pid !== process.pid && pidIsAlive(pid))
  if (running !== undefined) {
    throw new AppError('conflict', `A restore into ${target} is running (process ${running}).`, { path: target })
  }
  if (owners.length === 0 || !names.every(ours)) {
    throw new AppError('conflict', `${target} is not empty; restore into a new or empty folder.`, { path: target })
  }
  await Promise.all(names.map((name) => removeQuietly(path.join(target, name))))
}

/** Opens a backup read-only after checking it is a whole Framevault library database this build can read. */
async function openBackup(file: string, migrations: readonly Migration[], nativeBinding?: string): Promise<Db> {
  const db = await openLibraryFileReadOnly(file, migrations, nativeBinding)
  try {
    const check = createBackupFileRepo(db).integrityCheck()
    if (check !== 'ok') throw new AppError('validation', `${file} is damaged; SQLite's integrity check says: ${check}`)
    return db
  } catch (error) {
    db.close()
    throw asUnreadable(error, file)
  }
}

/**
 * Opens a library database file read-only, without migrating it or touching anything in it,
 * after checking it is a Framevault library database this build can read.
 */
export async function openLibraryFileReadOnly(
  file: string,
  migrations: readonly Migration[],
  nativeBinding?: string,
): Promise<Db> {
  const info = await lookAt(file, { follow: true })
  if (!info) throw new AppError('not_found', `No database file at ${file}.`, { path: file })
  if (!info.isFile()) throw new AppError('validation', `${file} is not a file.`, { path: file })
  let db: Db | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
    assertNotNewer(db, migrations, file)
    if (!createBackupFileRepo(db).isLibrary()) {
      throw new AppError('validation', `${file} is not a Framevault library database (it has no library_meta).`)
    }
    return db
  } catch (error) {
    db?.close()
    throw asUnreadable(error, file)
  }
}

/** A file SQLite finds no database in is a validation error; other SQLite failures are `io`. */
function asUnreadable(error: unknown, file: string): unknown {
  if (error instanceof Database.SqliteError && /NOTADB|CORRUPT/.test(error.code)) {
    return new AppError('validation', `${file} is not a Framevault library database: ${error.message}`)
  }
  return asStorageError(error, `Could not read ${file}`)
}

/** Removes what a failed restore wrote: the database files, and the folder when the restore made it. */
async function undo(target: string, targetExisted: boolean): Promise<void> {
  await removeDatabaseFiles(path.join(target, STAGED_FILE))
  await removeDatabaseFiles(path.join(target, DATABASE_FILE))
  await removeQuietly(path.join(target, restoreMarkerOf(process.pid)))
  if (!targetExisted) await removeEmptyFolder(target)
}
