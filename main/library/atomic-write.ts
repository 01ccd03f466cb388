import { randomBytes, randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { realPathBelow } from '../security/contained-path'
import { pidIsAlive } from '../jobs/process-owner'

// Temp names carry the writer's pid, so a later process can tell a crashed writer's leftovers
// from files another live process (app and CLI on one library) is still writing.
const TEMP_NAME = /^(\d+)-[0-9a-f-]{36}\.(part|upload)$/

/** A fresh temp file name in `dir` owned by this process. */
export function tempFileName(dir: string, kind: 'part' | 'upload'): string {
  return path.join(dir, `${process.pid}-${randomUUID()}.${kind}`)
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

/** What `commitFile` found at the final name: its own new file, a file with the same bytes, or other content. */
export type CommitResult = 'created' | 'same' | 'occupied'

/**
 * Gives a complete, flushed temp file its final name below `realRoot` (the library's real path),
 * never replacing a file already there, and flushes the folder entry. The temp file stays: the caller removes it once the file's
 * row is written, so a retry under another id can place it again.
 *
 * Another process may place a file under the same content-addressed name at the same moment:
 * the same content, or a sampled-id collision (same id, different SHA-256). `rename` would
 * silently replace the other file; `link` fails with EEXIST instead, and `sameContent` then
 * tells whether the file there holds our bytes ('same': it may be shared) or not ('occupied':
 * this content needs another id). Where the filesystem has no hard links (FAT, exFAT), an
 * exclusive copy keeps the no-replace rule; a crash mid-copy can then leave a partial file
 * under a final name, but never a row pointing at it (it differs from its content, so the
 * next import of that content finds it 'occupied').
 */
export async function commitFile(
  temp: string,
  finalPath: string,
  { realRoot, sameContent }: { realRoot: string; sameContent(existing: string): Promise<boolean> },
): Promise<CommitResult> {
  const folder = path.dirname(finalPath)
  // A media/<xx> folder that is a symlink leading out of the library must not receive files.
  await realPathBelow(realRoot, folder)
  await mkdir(folder, { recursive: true })
  try {
    await link(temp, finalPath).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPERM' && error.code !== 'ENOTSUP' && error.code !== 'EOPNOTSUPP') throw error
      await copyFile(temp, finalPath, constants.COPYFILE_EXCL)
      await fsyncPath(finalPath)
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return (await sameContent(finalPath)) ? 'same' : 'occupied'
  }
  await fsyncPath(folder)
  return 'created'
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

/** Writes `dest` through `write(tempPath)` into a temp file in the same folder, fsyncs it, then renames it into place. */
export async function writeAtomically(dest: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(dest)
  await mkdir(dir, { recursive: true })
  // Same folder so the rename is atomic; a crash leaves only a dot-file, never a partial file under `dest`.
  const temp = path.join(dir, `.${path.basename(dest)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
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
