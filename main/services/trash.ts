import { randomUUID } from 'node:crypto'
import { lstatSync } from 'node:fs'
import path from 'node:path'
import type { DeletePreview, DeleteResult, TrashBatch, UndoResult } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { AssetSnapshot } from '../db/repos/asset-snapshot'
import type { ThumbnailMove, TrashEntry } from '../db/repos/trash'
import { currentOwner } from '../ingest/process-owner'
import type { Library } from '../library/library'
import { thumbnailPaths } from '../library/library-paths'
import { isSameOrInside, realPathOf } from '../security/contained-path'
import {
  TRASH_FOLDER,
  emptyBatch,
  moveBatchIntoTrash,
  restoreBatch,
  runInTurns,
  type BeforeMove,
  type TrashContext,
} from './trash-moves'

const PREVIEW_ITEMS = 20

/** What deleting `ids` would do, for a confirmation: nothing is changed. */
export function previewDelete(lib: Library, ids: readonly string[]): DeletePreview {
  const found = lib.repos.trash.candidates(ids)
  const known = new Set(found.map((item) => item.id))
  const tally = (storage: 'copy' | 'link') => {
    const group = found.filter((item) => item.storage === storage)
    return { count: group.length, bytes: group.reduce((sum, item) => sum + (item.sizeBytes ?? 0), 0) }
  }
  return {
    assets: found.length,
    copied: tally('copy'),
    linked: tally('link'),
    notFound: ids.filter((id) => !known.has(id)),
    items: found.slice(0, PREVIEW_ITEMS),
  }
}

/**
 * Deletes assets crash-consistently: one transaction journals each asset (rows, file and
 * thumbnail paths) and removes its rows, the batch in state 'moving'; then copied files and
 * thumbnails move to `trash/<batch>/`; then the batch is 'trashed'. A kill in between leaves a
 * journal the next open finishes. A linked asset's original is never touched.
 */
export async function deleteAssets(lib: Library, ids: readonly string[]): Promise<DeleteResult> {
  const ctx = trashContext(lib)
  const batchId = randomUUID()
  const planned = lib.db
    .transaction(() => {
      const snapshots = lib.repos.trash.assets.snapshot(ids)
      if (snapshots.length === 0) throw new AppError('not_found', `No asset with id ${ids.slice(0, 5).join(', ')}.`)
      const deleting = snapshots.map((snapshot) => String(snapshot.row.id))
      const entries = snapshots.map((snapshot) => planEntry(ctx, batchId, snapshot))
      const shared = lib.repos.trash.assets.otherUsers(
        entries.flatMap((entry) => (entry.trashPath === null ? [] : [entry.libraryPath, entry.realPath])),
        deleting,
      )
      lib.repos.trash.createBatch(
        { id: batchId, createdAt: new Date().toISOString(), deletedBy: lib.actor, assets: entries.length },
        currentOwner(),
      )
      for (const entry of entries) {
        if (entry.trashPath !== null && (shared.has(entry.libraryPath) || shared.has(entry.realPath))) {
          entry.kept = 'another asset uses this file'
          entry.bytes -= entry.fileBytes
          entry.trashPath = null
        }
        lib.repos.trash.addEntry(entry)
      }
      lib.repos.trash.assets.remove(deleting)
      return { entries, deleting }
    })
    .immediate()
  const moved = await runInTurns(moveBatchIntoTrash(ctx, batchId, testKillPoint()))
  const result: DeleteResult = {
    batchId,
    deleted: planned.deleting.length - moved.filter((step) => step.file === 'failed').length,
    copied: { count: 0, bytes: 0 },
    linked: { count: 0, originalsLeftInPlace: 0 },
    thumbnails: { count: 0, bytes: 0 },
    missingFiles: [],
    filesKept: planned.entries.flatMap((entry) => (entry.kept ? [{ id: entry.assetId, reason: entry.kept }] : [])),
    failed: [],
    notFound: ids.filter((id) => !planned.deleting.includes(id)),
  }
  for (const step of moved) {
    const { entry } = step
    result.thumbnails.count += step.thumbnails
    result.thumbnails.bytes += step.thumbnailBytes
    if (step.file === 'failed') result.failed.push({ id: entry.assetId, reason: step.reason ?? 'could not be moved' })
    else if (entry.storage === 'link') {
      result.linked.count += 1
      result.linked.originalsLeftInPlace += 1
    } else if (step.file === 'missing') result.missingFiles.push(entry.assetId)
    else if (step.file === 'moved') {
      result.copied.count += 1
      result.copied.bytes += entry.bytes - thumbnailsBytes(entry)
    }
  }
  announce(lib, true)
  return result
}

/** Lists the deletes still in the trash, newest first, and the bytes the trash holds. */
export function listTrash(lib: Library, limit: number): { batches: TrashBatch[]; bytes: number } {
  return { batches: lib.repos.trash.list(limit), bytes: lib.repos.trash.bytes() }
}

/** Puts a delete back (files to their exact library paths, rows with the same ids and their dependents). */
export async function undoDelete(lib: Library, batchId: string): Promise<UndoResult> {
  const batch = requireBatch(lib, batchId)
  if (!lib.repos.trash.setState(batchId, ['trashed'], 'restoring', currentOwner()))
    throw notInTrash(batchId, batch.state)
  const steps = await runInTurns(restoreBatch(trashContext(lib), batchId, testKillPoint()))
  const restored = steps.filter((step) => step.outcome === 'restored')
  announce(lib, restored.length > 0)
  return {
    batchId,
    restored: restored.map((step) => step.entry.assetId),
    files: restored.filter((step) => step.entry.trashPath !== null).length,
    droppedLinks: restored.reduce((sum, step) => sum + step.dropped, 0),
    kept: steps
      .filter((step) => step.outcome !== 'restored')
      .map((step) => ({ id: step.entry.assetId, reason: KEPT_REASONS[step.outcome] })),
    state: requireBatch(lib, batchId).state,
  }
}

const KEPT_REASONS = {
  restored: '',
  taken: 'an asset with this id or file path was added since',
  occupied: 'another file is at its library path now',
  missing: 'its file is no longer in the trash',
}

/** Deletes the trash's files for good: one batch, or every batch in the trash. */
export async function emptyTrash(
  lib: Library,
  batchId?: string,
): Promise<{ emptied: string[]; assets: number; bytes: number }> {
  const ctx = trashContext(lib)
  const batchIds = batchId === undefined ? lib.repos.trash.inState('trashed') : [batchId]
  if (batchId !== undefined) requireBatch(lib, batchId)
  const result = { emptied: [] as string[], assets: 0, bytes: 0 }
  for (const id of batchIds) {
    if (!lib.repos.trash.setState(id, ['trashed'], 'emptying', currentOwner())) {
      // Emptying everything skips a batch another process took meanwhile.
      if (batchId === undefined) continue
      throw notInTrash(id, requireBatch(lib, id).state)
    }
    for (const { entry } of await runInTurns(emptyBatch(ctx, id))) {
      result.assets += 1
      result.bytes += entry.bytes
    }
    result.emptied.push(id)
  }
  if (result.emptied.length > 0) lib.events.emit('library:changed', { tables: ['trash_batches', 'trash_entries'] })
  return result
}

/** The trash's steps' view of a library. */
function trashContext(lib: Library): TrashContext {
  return { root: lib.dir, realRoot: lib.realDir, db: lib.db, trash: lib.repos.trash }
}

interface PlannedEntry extends TrashEntry {
  realPath: string
  fileBytes: number
  kept?: string
}

/** An asset's journal entry: where its file and thumbnails go in the trash, and their bytes. */
function planEntry(ctx: TrashContext, batchId: string, snapshot: AssetSnapshot): PlannedEntry {
  const { row } = snapshot
  const id = String(row.id)
  const storage = row.storage === 'link' ? 'link' : 'copy'
  const libraryPath = String(row.file_path)
  const toTrash = (real: string) => path.join(TRASH_FOLDER, batchId, path.relative(ctx.realRoot, real))
  const thumbnails: ThumbnailMove[] = []
  for (const file of Object.values(thumbnailPaths(ctx.root, id))) {
    const real = realInside(ctx, file)
    const info = real === undefined ? undefined : fileStat(real)
    if (real !== undefined && info)
      thumbnails.push({ from: path.relative(ctx.root, file), to: toTrash(real), bytes: info.size })
  }
  const thumbBytes = thumbnails.reduce((sum, thumb) => sum + thumb.bytes, 0)
  const entry: PlannedEntry = {
    batchId,
    assetId: id,
    name: String(row.name),
    storage,
    snapshot,
    libraryPath,
    trashPath: null,
    thumbnails,
    bytes: thumbBytes,
    realPath: libraryPath,
    fileBytes: 0,
  }
  if (storage === 'link') return entry
  const real = realInside(ctx, path.resolve(ctx.root, libraryPath))
  if (real === undefined) return { ...entry, kept: 'its file lies outside the library folder' }
  const fileBytes = fileStat(real)?.size ?? (typeof row.size_bytes === 'number' ? row.size_bytes : 0)
  return { ...entry, realPath: real, trashPath: toTrash(real), fileBytes, bytes: thumbBytes + fileBytes }
}

function realInside(ctx: TrashContext, file: string): string | undefined {
  try {
    const real = realPathOf(file)
    return isSameOrInside(ctx.realRoot, real) ? real : undefined
  } catch {
    return undefined
  }
}

function fileStat(file: string) {
  try {
    const info = lstatSync(file)
    return info.isFile() ? info : undefined
  } catch {
    return undefined
  }
}

function thumbnailsBytes(entry: TrashEntry): number {
  return entry.thumbnails.reduce((sum, thumb) => sum + thumb.bytes, 0)
}

function requireBatch(lib: Library, batchId: string) {
  const batch = lib.repos.trash.batch(batchId)
  if (!batch) throw new AppError('not_found', `No delete with id ${batchId} in this library.`)
  return batch
}

const STATE_REASONS: Record<string, string> = {
  emptied: 'was emptied from the trash; its files are gone for good',
  emptying: 'is being emptied from the trash',
  restored: 'was already undone',
  restoring: 'is being undone',
  moving: 'is still being moved to the trash; try again in a moment',
}

function notInTrash(batchId: string, state: string): AppError {
  return new AppError('conflict', `Delete ${batchId} ${STATE_REASONS[state] ?? `is ${state}`}.`, { batchId, state })
}

function announce(lib: Library, rowsChanged: boolean): void {
  lib.derivedSize.invalidate()
  const rows = rowsChanged ? ['videos', ...lib.repos.trash.assets.dependentTables, 'videos_fts'] : []
  lib.events.emit('library:changed', { tables: [...rows, 'trash_batches', 'trash_entries'] })
}

/**
 * Test hook for the kill tests: FRAMEVAULT_TEST_KILL_AFTER_TRASH_MOVES=N makes this process
 * SIGKILL itself before its (N+1)-th file move of a delete or undo (or, past the last move,
 * before the batch's state is written). Read only here.
 */
function testKillPoint(): BeforeMove {
  const limit = Number(process.env.FRAMEVAULT_TEST_KILL_AFTER_TRASH_MOVES ?? NaN)
  if (!Number.isInteger(limit) || limit < 0) return () => undefined
  let moves = 0
  return () => {
    if (moves++ >= limit) process.kill(process.pid, 'SIGKILL')
  }
}
