import { randomBytes, randomUUID } from 'node:crypto'
import { copyFile, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { pidIsAlive } from '../jobs/process-owner'
import { stagingDir } from './library-paths'

// Temp names carry the writer's pid, so a later process can tell a crashed writer's leftovers
// from files another live process (app and CLI on one library) is still writing.
const TEMP_NAME = /^(\d+)-[0-9a-f-]{36}\.(part|upload)$/

/** A fresh temp file name in `dir` owned by this process. */
export function tempFileName(dir: string, kind: 'part' | 'upload'): string {
  return path.join(dir, `${process.pid}-${randomUUID()}.${kind}`)
}

/** A fresh upload temp name in the library's `tmp/` (made when missing): a file to import by move, swept if its writer dies. */
export async function newUploadFile(libraryDir: string): Promise<string> {
  const dir = stagingDir(libraryDir)
  await mkdir(dir, { recursive: true })
  return tempFileName(dir, 'upload')
}

/** Copies `source` to a temp file in `dir` and flushes it to disk; returns the temp path. */
export async function stageCopy(source: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const temp = tempFileName(dir, 'part')
  try {
    await copyFile(source, temp)
    await fsyncPath(temp)
  } catch (error) {
    await removeQuietly(temp)
    throw error
  }
  return temp
}

/** Flushes a file or folder to disk. */
export async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Deletes a file if it is there. */
export async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true })
}

/** Removes temp files whose writing process no longer runs; returns how many. */
export function removeStaleTemps(dir: string): Promise<number> {
  return removeStaleOwned(dir, (name) => {
    const pid = TEMP_NAME.exec(name)?.[1]
    return pid === undefined ? undefined : Number(pid)
  })
}

// A pid-less thumbnail temp (written before temps carried pids) is surely abandoned after this long.
const LEGACY_TEMP_MAX_AGE_MS = 60 * 60 * 1000

/**
 * Removes writeAtomically's temp files in the thumbnail folders (`<thumbsDir>/<xx>/`) whose
 * writing process no longer runs, and pid-less ones older than an hour; returns how many.
 * Symlinked folders (`thumbsDir` itself included) are not entered: nothing outside the library is touched.
 */
export async function removeStaleThumbnailTemps(thumbsDir: string, now = Date.now()): Promise<number> {
  if (await isSymlink(thumbsDir)) return 0
  const folders = await readdir(thumbsDir, { withFileTypes: true }).catch(() => [])
  let removed = 0
  for (const folder of folders) {
    // A Dirent of a symlink is never a directory: a linked <xx> folder is not entered.
    if (folder.isDirectory()) removed += await removeStaleOwned(path.join(thumbsDir, folder.name), atomicTempOwner, now)
  }
  return removed
}

/**
 * The one sweep over a folder of names that carry their writer's pid: removes the files
 * `ownerOf` gives a pid that no longer runs, and those it calls pid-less (null) when older
 * than an hour; names it does not know (undefined) stay. A folder that is a symlink may
 * lead out of the library: nothing in it is touched. Returns how many were removed.
 */
export async function removeStaleOwned(
  dir: string,
  ownerOf: (name: string) => number | null | undefined,
  now = Date.now(),
): Promise<number> {
  if (await isSymlink(dir)) return 0
  const names = await readdir(dir).catch(() => [])
  let removed = 0
  for (const name of names) {
    const owner = ownerOf(name)
    if (owner === undefined) continue
    const file = path.join(dir, name)
    const stale =
      owner === null
        ? now - ((await lstat(file).catch(() => undefined))?.mtimeMs ?? now) > LEGACY_TEMP_MAX_AGE_MS
        : !pidIsAlive(owner)
    if (!stale) continue
    await removeQuietly(file)
    removed++
  }
  return removed
}

async function isSymlink(target: string): Promise<boolean> {
  return (await lstat(target).catch(() => undefined))?.isSymbolicLink() ?? false
}

// `.<name>.<pid>-<hex>.tmp`: the pid tells a crashed writer's leftover from a live writer's file.
const ATOMIC_TEMP = /^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.tmp$/

/** The writer's pid in a writeAtomically temp name; null for an older pid-less one; undefined when it is none. */
export function atomicTempOwner(name: string): number | null | undefined {
  const match = ATOMIC_TEMP.exec(name)
  if (!match) return undefined
  return match[1] === undefined ? null : Number(match[1])
}

/** A fresh temp name in `dest`'s folder owned by this process: `.<name>.<pid>-<hex>.tmp` (see atomicTempOwner). */
export function tempBeside(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
}

/** Writes one file atomically: `fill` writes a temp file, which then becomes the file (or the object) whole. */
export type SaveFile = (fill: (tempFile: string) => Promise<void>) => Promise<void>

/** Writes `dest` through `write(tempPath)` into a temp file in the same folder, fsyncs it, then renames it into place. */
export async function writeAtomically(dest: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true })
  // Same folder so the rename is atomic; a crash leaves only a dot-file, never a partial file under `dest`.
  const temp = tempBeside(dest)
  try {
    await write(temp)
    const handle = await open(temp, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, dest)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
