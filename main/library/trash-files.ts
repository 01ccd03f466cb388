import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  type Stats,
} from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { AppError } from '../../shared/errors'
import type { TrashRepo } from '../db/repos/trash'
import { isSameOrInside, realPathOf } from '../security/contained-path'

/** What the trash's steps work on; also usable while a library is being opened. */
export interface TrashContext {
  root: string
  /** `root` with symlinks followed. */
  realRoot: string
  db: Database
  trash: TrashRepo
}

/** Called before each file is moved; a test hook may stop the process there. */
export type BeforeMove = () => void

/** The library folder deleted files wait in until the trash is emptied. */
export const TRASH_FOLDER = 'trash'

/** The folder of one delete's files: `trash/<batch>/`, mirroring the library's layout below it. */
function batchFolder(root: string, batchId: string): string {
  return path.join(root, TRASH_FOLDER, batchId)
}

/** The file's lstat, or undefined when nothing is at that path. */
export function stat(file: string): Stats | undefined {
  try {
    return lstatSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}

/** The file's lstat when it is a regular file; undefined for anything else or nothing. */
export function regularFileStat(file: string): Stats | undefined {
  const info = attempt(() => stat(file))
  return info?.isFile() ? info : undefined
}

/** Deletes a file; a missing one is no error. */
export function removeFile(file: string): void {
  rmSync(file, { force: true })
}

/** Deletes a file; throws when it cannot (a missing one too). */
export function unlinkFile(file: string): void {
  unlinkSync(file)
}

/** True when something is at `file` (a dangling symlink counts). */
export function exists(file: string): boolean {
  return stat(file) !== undefined
}

/** True when two names are one file (hard links). */
export function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino
}

/** Runs a step whose failure is acceptable; undefined when it failed. */
export function attempt<T>(step: () => T): T | undefined {
  try {
    return step()
  } catch {
    return undefined
  }
}

/** Flushes folders after renames: a kill needs none of this, a power cut does. */
export function syncFolders(folders: Set<string>): void {
  for (const folder of folders) {
    attempt(() => {
      const fd = openSync(folder, 'r')
      try {
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    })
  }
}

/** Removes a batch's folder (what is left in it) once its journal no longer needs it. */
export function removeBatchFolder(ctx: TrashContext, batchId: string): void {
  rmSync(inside(ctx, batchFolder(ctx.root, batchId)), { recursive: true, force: true })
}

/** The real path of a library-relative trash name; 'forbidden' when a symlink leads it out of the library. */
export function inTrash(ctx: TrashContext, name: string): string {
  return inside(ctx, path.join(ctx.root, name))
}

export function inside(ctx: TrashContext, file: string): string {
  const real = realPathOf(file)
  if (!isSameOrInside(ctx.realRoot, real)) {
    throw new AppError('forbidden', `${file} leads outside the library folder (to ${real}).`, { path: file })
  }
  return real
}

/**
 * Renames `from` to `to` (never replacing a file there). Runs again after a kill: a file already
 * at `to` counts as moved ('already'), a missing `from` is 'missing'.
 */
export function moveFile(
  ctx: TrashContext,
  from: string,
  to: string,
  beforeMove: BeforeMove,
  touched: Set<string>,
): 'moved' | 'missing' {
  const target = stat(to)
  const source = stat(from)
  if (target) {
    // Both names for one file: a link step that a kill cut short.
    if (source && sameFile(source, target)) unlinkSync(from)
    return 'moved'
  }
  if (!source) return 'missing'
  beforeMove()
  inside(ctx, path.dirname(from))
  const folder = inside(ctx, path.dirname(to))
  mkdirSync(folder, { recursive: true })
  renameSync(from, path.join(folder, path.basename(to)))
  touched.add(folder).add(path.dirname(from))
  return 'moved'
}

/**
 * Gives a trashed file its library name again as a hard link (the trash's name goes after the
 * rows are in), so a kill at any point leaves the file under at least one name the journal knows.
 */
export function linkBack(
  ctx: TrashContext,
  trashFile: string,
  libraryFile: string,
  sizeBytes: unknown,
): 'placed' | 'occupied' | 'missing' {
  const folder = inside(ctx, path.dirname(libraryFile))
  const target = path.join(folder, path.basename(libraryFile))
  const source = stat(trashFile)
  const there = stat(target)
  if (there && source) return sameFile(source, there) ? 'placed' : 'occupied'
  // Only the rename below leaves the file at its library path and none in the trash.
  if (there) return there.isFile() && there.size === sizeBytes ? 'placed' : 'occupied'
  if (!source) return 'missing'
  mkdirSync(folder, { recursive: true })
  try {
    linkSync(trashFile, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error
    // No hard links here (FAT, exFAT): rename; a kill before the rows are in leaves the file at
    // its library path with the entry still in the journal, which the next open finishes.
    renameSync(trashFile, target)
  }
  return 'placed'
}
