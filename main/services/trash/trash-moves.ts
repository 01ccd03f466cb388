import path from 'node:path'
import type { TrashEntry } from '../../db/repos/trash'
import { currentOwner, ownerIsAlive, type ProcessOwner } from '../../jobs/process-owner'
import {
  attempt,
  exists,
  inTrash,
  linkBack,
  moveFile,
  removeBatchFolder,
  removeFile,
  syncFolders,
  unlinkFile,
  type BeforeMove,
  type TrashContext,
} from '../../library/trash-files'
import { thumbnailBytes } from './trash-journal'

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
export function* moveBatchIntoTrash(
  ctx: TrashContext,
  batchId: string,
  beforeMove: BeforeMove,
): Generator<MovedEntry[]> {
  const touched = new Set<string>()
  for (const entry of ctx.trash.entries(batchId)) {
    let file: MovedEntry['file'] = 'stays'
    if (entry.trashPath !== null) {
      try {
        file = moveFile(
          ctx,
          path.resolve(ctx.root, entry.libraryPath),
          path.join(ctx.root, entry.trashPath),
          beforeMove,
          touched,
        )
      } catch (error) {
        putRowsBack(ctx, entry)
        yield [{ entry, file: 'failed', reason: (error as Error).message, thumbnails: 0, thumbnailBytes: 0 }]
        continue
      }
      if (file === 'missing') ctx.trash.fileWasMissing(batchId, entry.assetId, entry.bytes - thumbnailBytes(entry))
    }
    let thumbnails = 0
    let bytes = 0
    for (const thumb of entry.thumbnails) {
      // A thumbnail that cannot move stays; it is made again on demand, so it never blocks a delete.
      const moved = attempt(() =>
        moveFile(ctx, path.join(ctx.root, thumb.from), path.join(ctx.root, thumb.to), beforeMove, touched),
      )
      if (moved === 'moved') {
        thumbnails += 1
        bytes += thumb.bytes
      }
    }
    yield [{ entry, file, thumbnails, thumbnailBytes: bytes }]
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
 * The steps of a batch in state 'restoring', a chunk of entries at a time: their thumbnails go
 * back, then their files (a hard link at the library path) and rows in one transaction, then
 * the trash's names of those files go. An entry whose id or path is taken again, or whose file
 * is gone, stays in the trash. At the end the batch is 'restored', or 'trashed' again when
 * entries stayed. Yields each chunk's outcomes.
 */
export function* restoreBatch(ctx: TrashContext, batchId: string, beforeMove: BeforeMove): Generator<RestoredEntry[]> {
  const touched = new Set<string>()
  for (const chunk of chunks(ctx.trash.entries(batchId))) {
    for (const thumb of chunk.flatMap((entry) => entry.thumbnails)) {
      const back = path.join(ctx.root, thumb.from)
      // A thumbnail made again since (the spot is taken) wins; the trash's copy goes with the batch.
      if (!exists(back)) attempt(() => moveFile(ctx, path.join(ctx.root, thumb.to), back, beforeMove, touched))
    }
    const outcomes = ctx.db
      .transaction(() => chunk.map((entry) => restoreEntry(ctx, entry, beforeMove, touched)))
      .immediate()
    for (const { entry, outcome } of outcomes) {
      if (outcome === 'restored' && entry.trashPath !== null)
        attempt(() => unlinkFile(path.join(ctx.root, entry.trashPath!)))
    }
    yield outcomes
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

/** Puts one entry's file and rows back; inside the caller's transaction. */
function restoreEntry(
  ctx: TrashContext,
  entry: TrashEntry,
  beforeMove: BeforeMove,
  touched: Set<string>,
): RestoredEntry {
  if (ctx.trash.assets.taken(entry.assetId, entry.libraryPath)) return { entry, outcome: 'taken', dropped: 0 }
  if (entry.trashPath !== null) {
    const libraryFile = path.resolve(ctx.root, entry.libraryPath)
    beforeMove()
    const placed = linkBack(ctx, inTrash(ctx, entry.trashPath), libraryFile, entry.snapshot.row.size_bytes)
    if (placed !== 'placed') return { entry, outcome: placed, dropped: 0 }
    touched.add(path.dirname(libraryFile))
  }
  const dropped = ctx.trash.assets.restore(entry.snapshot)
  ctx.trash.removeEntry(entry.batchId, entry.assetId)
  return { entry, outcome: 'restored', dropped }
}

/** What emptying one entry freed. */
export interface EmptiedEntry {
  entry: TrashEntry
}

/**
 * The steps of a batch in state 'emptying', a chunk of entries at a time: their trash files go
 * for good, then (one transaction) their entries; at the end the folder, and the batch is
 * 'emptied'. Yields each chunk.
 */
export function* emptyBatch(ctx: TrashContext, batchId: string): Generator<EmptiedEntry[]> {
  for (const chunk of chunks(ctx.trash.entries(batchId))) {
    for (const entry of chunk) {
      for (const name of [entry.trashPath, ...entry.thumbnails.map((thumb) => thumb.to)]) {
        if (name !== null) removeFile(inTrash(ctx, name))
      }
    }
    ctx.db.transaction(() => chunk.forEach((entry) => ctx.trash.removeEntry(batchId, entry.assetId)))()
    yield chunk.map((entry) => ({ entry }))
  }
  removeBatchFolder(ctx, batchId)
  ctx.trash.setState(batchId, ['emptying'], 'emptied', null, new Date().toISOString())
}

/** Runs a batch's steps to the end without pausing. */
export function runToEnd<T>(steps: Generator<T[]>): T[] {
  return [...steps].flat()
}

/** Runs a batch's steps, giving the event loop a turn after each entry or chunk. */
export async function runInTurns<T>(steps: Generator<T[]>): Promise<T[]> {
  const done: T[][] = []
  for (const step of steps) {
    done.push(step)
    await nextTurn()
  }
  return done.flat()
}

/** Lets the event loop run what is waiting (I/O, timers) before the next step. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

// Entries per transaction of an undo or an emptying: a commit per entry made 5,000 take 10+ s,
// and a chunk of 128 holds the event loop for ~0.25 s at most (measured with 5,000).
const CHUNK = 128

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
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

function putRowsBack(ctx: TrashContext, entry: TrashEntry): void {
  ctx.db.transaction(() => {
    ctx.trash.assets.restore(entry.snapshot)
    ctx.trash.removeEntry(entry.batchId, entry.assetId)
  })()
}
