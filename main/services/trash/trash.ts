import { randomUUID } from 'node:crypto'
import type { DeletePreview, DeleteResult, TrashBatch, UndoResult } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { currentOwner } from '../../jobs/process-owner'
import type { Library, Uses } from '../library-context'
import type { BeforeMove, TrashContext } from './trash-context'
import { JOURNAL_CHUNK, journalChunk, thumbnailBytes, type PlannedEntry } from './trash-journal'
import { emptyBatch, moveBatchIntoTrash, nextTurn, restoreBatch, runInTurns } from './trash-moves'

const PREVIEW_ITEMS = 20

/** What the trash's operations use of a library. */
type TrashLibrary = Pick<Library, 'catalog' | 'dir' | 'realDir' | 'store' | 'trashRecovered'>

/** What deleting `ids` would do, for a confirmation: nothing is changed. */
export async function previewDelete(lib: Uses<'trash'>, ids: readonly string[]): Promise<DeletePreview> {
  const found = await lib.catalog.repos.trash.candidates(ids)
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
 * Deletes assets crash-consistently: a transaction per chunk of assets journals each asset
 * (rows, file and thumbnail paths) and removes its rows, the batch in state 'moving'; then
 * copied files and thumbnails move to `trash/<batch>/`; then the batch is 'trashed'. A kill at
 * any point leaves a journal the next open finishes. A linked asset's original is never touched.
 */
export function deleteAssets(
  lib: TrashLibrary & Pick<Library, 'actor' | 'changes'>,
  ids: readonly string[],
): Promise<DeleteResult> {
  // One change for the whole delete, at its end: the views reload once, not per chunk.
  return lib.changes.batch(() => moveToTrash(lib, ids))
}

async function moveToTrash(lib: TrashLibrary & Pick<Library, 'actor'>, ids: readonly string[]): Promise<DeleteResult> {
  const ctx = trashContext(lib)
  const batchId = randomUUID()
  const entries: PlannedEntry[] = []
  // In chunks, so 10,000 assets never hold the event loop (or the write lock) for seconds.
  for (let start = 0; start < ids.length; start += JOURNAL_CHUNK) {
    entries.push(...(await journalChunk(lib, ctx, batchId, ids.slice(start, start + JOURNAL_CHUNK), ids)))
    await nextTurn()
  }
  if (entries.length === 0) throw new AppError('not_found', `No asset with id ${ids.slice(0, 5).join(', ')}.`)
  const deleted = new Set(entries.map((entry) => entry.assetId))
  const planned = { entries, deleted }
  const moved = await runInTurns(moveBatchIntoTrash(ctx, batchId, testKillPoint()))
  const result: DeleteResult = {
    batchId,
    deleted: deleted.size - moved.filter((step) => step.file === 'failed').length,
    copied: { count: 0, bytes: 0 },
    linked: { count: 0, originalsLeftInPlace: 0 },
    thumbnails: { count: 0, bytes: 0 },
    missingFiles: [],
    filesKept: planned.entries.flatMap((entry) => (entry.kept ? [{ id: entry.assetId, reason: entry.kept }] : [])),
    failed: [],
    notFound: ids.filter((id) => !planned.deleted.has(id)),
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
      result.copied.bytes += entry.bytes - thumbnailBytes(entry)
    }
  }
  return result
}

/** Lists the deletes still in the trash, newest first, and the bytes the trash holds. */
export async function listTrash(lib: Uses<'trash'>, limit: number): Promise<{ batches: TrashBatch[]; bytes: number }> {
  const { trash } = lib.catalog.repos
  return { batches: await trash.list(limit), bytes: await trash.bytes() }
}

/** Puts a delete back (files to their exact library paths, rows with the same ids and their dependents). */
export function undoDelete(lib: TrashLibrary & Pick<Library, 'changes'>, batchId: string): Promise<UndoResult> {
  return lib.changes.batch(() => restoreFromTrash(lib, batchId))
}

async function restoreFromTrash(lib: TrashLibrary, batchId: string): Promise<UndoResult> {
  // A batch a killed process left half done is finished first (it was started at open).
  await lib.trashRecovered
  const batch = await requireBatch(lib, batchId)
  if (!(await lib.catalog.repos.trash.setState(batchId, ['trashed'], 'restoring', currentOwner())))
    throw notInTrash(batchId, batch.state)
  const steps = await runClaimed(lib, batchId, 'restoring', restoreBatch(trashContext(lib), batchId, testKillPoint()))
  const restored = steps.filter((step) => step.outcome === 'restored')
  return {
    batchId,
    restored: restored.map((step) => step.entry.assetId),
    files: restored.filter((step) => step.entry.trashPath !== null).length,
    droppedLinks: restored.reduce((sum, step) => sum + step.dropped, 0),
    kept: steps
      .filter((step) => step.outcome !== 'restored')
      .map((step) => ({ id: step.entry.assetId, reason: KEPT_REASONS[step.outcome] })),
    state: (await requireBatch(lib, batchId)).state,
  }
}

const KEPT_REASONS = {
  restored: '',
  taken: 'an asset with this id or file path was added since',
  occupied: 'another file is at its library path now',
  missing: 'its file is no longer in the trash',
}

/** Deletes the trash's files for good: one batch, or every batch in the trash. */
export function emptyTrash(
  lib: TrashLibrary & Pick<Library, 'changes'>,
  batchId?: string,
): Promise<{ emptied: string[]; assets: number; bytes: number }> {
  return lib.changes.batch(() => emptyNow(lib, batchId))
}

async function emptyNow(
  lib: TrashLibrary,
  batchId?: string,
): Promise<{ emptied: string[]; assets: number; bytes: number }> {
  await lib.trashRecovered
  const ctx = trashContext(lib)
  const { trash } = lib.catalog.repos
  const batchIds = batchId === undefined ? await trash.inState('trashed') : [batchId]
  if (batchId !== undefined) await requireBatch(lib, batchId)
  const result = { emptied: [] as string[], assets: 0, bytes: 0 }
  for (const id of batchIds) {
    if (!(await trash.setState(id, ['trashed'], 'emptying', currentOwner()))) {
      // Emptying everything skips a batch another process took meanwhile.
      if (batchId === undefined) continue
      throw notInTrash(id, (await requireBatch(lib, id)).state)
    }
    for (const { entry } of await runClaimed(lib, id, 'emptying', emptyBatch(ctx, id))) {
      result.assets += 1
      result.bytes += entry.bytes
    }
    result.emptied.push(id)
  }
  return result
}

/**
 * Runs the steps of a batch this process claimed. When a step throws (a folder in the way, a
 * full disk), the batch goes back to 'trashed': what it still holds stays undoable and
 * emptiable, instead of being claimed by a live process until it exits.
 */
async function runClaimed<T>(
  lib: Uses<'trash'>,
  batchId: string,
  state: 'restoring' | 'emptying',
  steps: AsyncGenerator<T[]>,
): Promise<T[]> {
  try {
    return await runInTurns(steps)
  } catch (error) {
    await lib.catalog.repos.trash.setState(batchId, [state], 'trashed', null)
    throw error
  }
}

/** The trash's steps' view of a library. */
function trashContext(lib: TrashLibrary): TrashContext {
  return { root: lib.dir, realRoot: lib.realDir, catalog: lib.catalog, store: lib.store }
}

async function requireBatch(lib: Uses<'trash'>, batchId: string) {
  const batch = await lib.catalog.repos.trash.batch(batchId)
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
