import { linkSync, mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { AppError } from '../../shared/errors'
import type { TrashEntry, TrashRepo } from '../db/repos/trash'
import { currentOwner, ownerIsAlive, type ProcessOwner } from '../ingest/process-owner'
import { isSameOrInside, realPathOf } from '../security/contained-path'
import { attempt, exists, sameFile, stat, syncFolders } from './trash-files'

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

export const TRASH_FOLDER = 'trash'

/** The folder of one delete's files: `trash/<batch>/`, mirroring the library's layout below it. */
export function batchFolder(root: string, batchId: string): string {
  return path.join(root, TRASH_FOLDER, batchId)
}

/** What moving one entry into the trash did. */
export interface MovedEntry {
  entry: TrashEntry
  file: 'moved' | 'missing' | 'stays' | 'failed'
  reason?: string
  thumbnails: number
  thumbnailBytes: number
}

/**
 * The steps of a batch in state 'moving': each entry's file, then its thumbnails, go to the
 * trash; then the batch is 'trashed'. Every step can run again after a kill (a file already in
 * the trash counts as moved). An entry whose file cannot be moved gets its rows back. Yields
 * after each entry so a caller can give the event loop a turn.
 */
export function* moveBatchIntoTrash(ctx: TrashContext, batchId: string, beforeMove: BeforeMove): Generator<MovedEntry> {
  const touched = new Set<string>()
  for (const entry of ctx.trash.entries(batchId)) {
    let file: MovedEntry['file'] = 'stays'
    if (entry.trashPath !== null) {
      try {
        file = moveFile(
          ctx,
          path.resolve(ctx.root, entry.libraryPath),
          inTrash(ctx, entry.trashPath),
          beforeMove,
          touched,
        )
      } catch (error) {
        putRowsBack(ctx, entry)
        yield { entry, file: 'failed', reason: (error as Error).message, thumbnails: 0, thumbnailBytes: 0 }
        continue
      }
      if (file === 'missing') ctx.trash.fileWasMissing(batchId, entry.assetId, entry.bytes - thumbnailBytes(entry))
    }
    let thumbnails = 0
    let bytes = 0
    for (const thumb of entry.thumbnails) {
      // A thumbnail that cannot move stays; it is made again on demand, so it never blocks a delete.
      const moved = attempt(() =>
        moveFile(ctx, path.join(ctx.root, thumb.from), inTrash(ctx, thumb.to), beforeMove, touched),
      )
      if (moved === 'moved') {
        thumbnails += 1
        bytes += thumb.bytes
      }
    }
    yield { entry, file, thumbnails, thumbnailBytes: bytes }
  }
  beforeMove()
  syncFolders(touched)
  ctx.trash.setState(batchId, ['moving'], 'trashed', null)
}

/** What putting one entry back did. */
export interface RestoredEntry {
  entry: TrashEntry
  outcome: 'restored' | 'taken' | 'occupied' | 'missing'
  dropped: number
}

/**
 * The steps of a batch in state 'restoring': each entry's thumbnails go back, then its file (a
 * hard link at its library path) and its rows in one transaction, then the trash's name of the
 * file goes. An entry whose id or path is taken again, or whose file is gone, stays in the
 * trash. At the end the batch is 'restored', or 'trashed' again when entries stayed.
 */
export function* restoreBatch(ctx: TrashContext, batchId: string, beforeMove: BeforeMove): Generator<RestoredEntry> {
  const touched = new Set<string>()
  for (const entry of ctx.trash.entries(batchId)) {
    for (const thumb of entry.thumbnails) {
      const back = path.join(ctx.root, thumb.from)
      // A thumbnail made again since (the spot is taken) wins; the trash's copy goes with the batch.
      if (!exists(back)) attempt(() => moveFile(ctx, inTrash(ctx, thumb.to), back, beforeMove, touched))
    }
    const trashFile = entry.trashPath === null ? null : inTrash(ctx, entry.trashPath)
    const libraryFile = path.resolve(ctx.root, entry.libraryPath)
    if (trashFile !== null) beforeMove()
    const outcome = ctx.db
      .transaction((): RestoredEntry => {
        const taken = ctx.trash.assets.taken(entry.assetId, entry.libraryPath)
        if (taken) return { entry, outcome: 'taken', dropped: 0 }
        if (trashFile !== null) {
          const placed = linkBack(ctx, trashFile, libraryFile, entry.snapshot.row.size_bytes)
          if (placed !== 'placed') return { entry, outcome: placed, dropped: 0 }
          touched.add(path.dirname(libraryFile))
        }
        const dropped = ctx.trash.assets.restore(entry.snapshot)
        ctx.trash.removeEntry(batchId, entry.assetId)
        return { entry, outcome: 'restored', dropped }
      })
      .immediate()
    if (outcome.outcome === 'restored' && trashFile !== null) attempt(() => unlinkSync(trashFile))
    yield outcome
  }
  syncFolders(touched)
  const left = ctx.trash.entries(batchId).length
  if (left === 0) removeBatchFolder(ctx, batchId)
  ctx.trash.setState(
    batchId,
    ['restoring'],
    left === 0 ? 'restored' : 'trashed',
    null,
    left === 0 ? new Date().toISOString() : null,
  )
}

/** What emptying one entry freed. */
export interface EmptiedEntry {
  entry: TrashEntry
}

/** The steps of a batch in state 'emptying': each entry's trash files go for good, then the folder; then 'emptied'. */
export function* emptyBatch(ctx: TrashContext, batchId: string): Generator<EmptiedEntry> {
  for (const entry of ctx.trash.entries(batchId)) {
    const names = [entry.trashPath, ...entry.thumbnails.map((thumb) => thumb.to)]
    for (const name of names) if (name !== null) rmSync(inTrash(ctx, name), { force: true })
    ctx.trash.removeEntry(batchId, entry.assetId)
    yield { entry }
  }
  removeBatchFolder(ctx, batchId)
  ctx.trash.setState(batchId, ['emptying'], 'emptied', null, new Date().toISOString())
}

/** Runs a batch's steps to the end without pausing. */
export function runToEnd<T>(steps: Generator<T>): T[] {
  return [...steps]
}

/** Runs a batch's steps, giving the event loop a turn every `every` entries. */
export async function runInTurns<T>(steps: Generator<T>, every = 32): Promise<T[]> {
  const done: T[] = []
  for (const step of steps) {
    done.push(step)
    if (done.length % every === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  return done
}

/**
 * Finishes what processes that are gone left half done (called while a library opens, before
 * anything reads it): a delete's moves are completed, an undo is completed, an emptying is
 * completed. Batches of a live process (the app next to the CLI) are left to it. A batch whose
 * steps fail stays as it is, to be tried at the next open; the library still opens.
 */
export function finishInterruptedBatches(ctx: TrashContext, owner: ProcessOwner = currentOwner()): string[] {
  const finished: string[] = []
  for (const batch of ctx.trash.unfinished()) {
    if (ownerIsAlive({ pid: batch.ownerPid, started: batch.ownerStarted })) continue
    if (!ctx.trash.claim(batch, owner)) continue
    try {
      if (batch.state === 'moving') runToEnd(moveBatchIntoTrash(ctx, batch.id, () => undefined))
      else if (batch.state === 'restoring') runToEnd(restoreBatch(ctx, batch.id, () => undefined))
      else runToEnd(emptyBatch(ctx, batch.id))
      finished.push(batch.id)
    } catch (error) {
      console.error(
        `framevault: could not finish trash batch ${batch.id} (${batch.state}): ${(error as Error).message}`,
      )
    }
  }
  return finished
}

/** Removes a batch's folder (what is left in it) once its journal no longer needs it. */
export function removeBatchFolder(ctx: TrashContext, batchId: string): void {
  rmSync(inside(ctx, batchFolder(ctx.root, batchId)), { recursive: true, force: true })
}

/** The real path of a library-relative trash name; 'forbidden' when a symlink leads it out of the library. */
function inTrash(ctx: TrashContext, name: string): string {
  return inside(ctx, path.join(ctx.root, name))
}

function inside(ctx: TrashContext, file: string): string {
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
function moveFile(
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
function linkBack(
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

function putRowsBack(ctx: TrashContext, entry: TrashEntry): void {
  ctx.db.transaction(() => {
    ctx.trash.assets.restore(entry.snapshot)
    ctx.trash.removeEntry(entry.batchId, entry.assetId)
  })()
}

function thumbnailBytes(entry: TrashEntry): number {
  return entry.thumbnails.reduce((sum, thumb) => sum + thumb.bytes, 0)
}
