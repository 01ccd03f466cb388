import type { Stats } from 'node:fs'
import { lstat, mkdir, readdir, rename, rmdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'
import { fsyncPath } from './atomic-write'

// The file steps of backups and restores (services/library/backup.ts, restore.ts): database files in
// the library's `backups/` folder and in folders the user names. These are no objects of the store: a
// backup is of the database, which lives beside the library's objects on this machine.

/** What is at `file` (symlinks followed when `follow`), or undefined when nothing is (or it cannot be looked at). */
export function lookAt(file: string, { follow }: { follow: boolean }): Promise<Stats | undefined> {
  return (follow ? stat(file) : lstat(file)).catch(() => undefined)
}

/** What is at `file` without following a symlink: undefined when nothing is there; other failures throw. */
export async function lookAtStrictly(file: string): Promise<Stats | undefined> {
  return lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
}

/** The names in `folder`; undefined when it does not exist. */
export async function folderNames(folder: string): Promise<string[] | undefined> {
  return readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
}

/** Creates `folder` (and its parents when `parents`). */
export async function makeFolder(folder: string, { parents }: { parents: boolean }): Promise<void> {
  await mkdir(folder, { recursive: parents })
}

/** Removes `folder` when it is empty; anything else leaves it. */
export async function removeEmptyFolder(folder: string): Promise<void> {
  await rmdir(folder).catch(() => undefined)
}

/** Writes an empty file (a marker naming a process). */
export async function writeMarker(file: string): Promise<void> {
  await writeFile(file, '')
}

/** Gives a complete temp file its final name: flushed, renamed (replacing what was there), folder flushed. */
export async function renameIntoPlace(temp: string, target: string): Promise<void> {
  await fsyncPath(temp)
  await rename(temp, target)
  await fsyncPath(path.dirname(target))
}

/** Throws `not_found` unless `folder` is an existing folder: a file is only ever written into one. */
export async function assertFolderExists(folder: string): Promise<void> {
  const info = await lookAt(folder, { follow: true })
  if (!info?.isDirectory()) {
    throw new AppError('not_found', `The folder ${folder} does not exist; create it first.`, { path: folder })
  }
}
