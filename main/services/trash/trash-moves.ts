import type { CatalogRepos } from '../../db/catalog'
import type { TrashEntry } from '../../db/repos/trash'
import { currentOwner, ownerIsAlive, type ProcessOwner } from '../../jobs/process-owner'
import { trashBatchKey } from '../../library/library-paths'
import type { ObjectFacts, ObjectStore } from '../../storage/object-store'
import { forgetRemoval } from '../removals/record-removals'
import type { BeforeMove, TrashContext } from './trash-context'
import { thumbnailBytes } from './trash-journal'

// Every step moves objects through the library's store: a copy under the other key, then a delete of the first.
// A kill between the two leaves one object under both keys, which the step's next run sees and finishes.

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
 * after each entry.
 */
export async function* moveBatchIntoTrash(
  ctx: TrashContext,
  batchId: string,
  beforeMove: BeforeMove,
): AsyncGenerator<MovedEntry[]> {
  const { trash } = ctx.catalog.repos
  for (const entry of await trash.entries(batchId)) {
    let file: MovedEntry['file'] = 'stays'
    const keys = fileKeys(entry)
    if (keys) {
      try {
        // An import of the same file since (its id or path taken again) keeps the object under its library key too.
        const stillUsed = async () => (await trash.assets.taken(entry.assetId, entry.libraryPath)) !== undefined
        file = await moveObject(ctx.store, keys.library, keys.trash, beforeMove, stillUsed)
      } catch (error) {
        await putRowsBack(ctx, entry)
        yield [{ entry, file: 'failed', reason: (error as Error).message, thumbnails: 0, thumbnailBytes: 0 }]
        continue
      }
      if (file === 'missing') await trash.fileWasMissing(batchId, entry.assetId, entry.bytes - thumbnailBytes(entry))
    }
    let thumbnails = 0
    let bytes = 0
    for (const thumb of entry.thumbnails) {
      // A thumbnail that cannot move stays; it is made again on demand, so it never blocks a delete.
      const moved = await moveObject(ctx.store, keyOf(thumb.from), keyOf(thumb.to), beforeMove).catch(() => undefined)
      if (moved === 'moved') {
        thumbnails += 1
        bytes += thumb.bytes
      }
    }
    yield [{ entry, file, thumbnails, thumbnailBytes: bytes }]
  }
  beforeMove()
  await trash.setState(batchId, ['moving'], 'trashed', null)
}

/** What putting one entry back did. */
export interface RestoredEntry {
  entry: TrashEntry
  outcome: 'restored' | 'taken' | 'occupied' | 'missing'
  dropped: number
}

/**
 * The steps of a batch in state 'restoring', a chunk of entries at a time: their thumbnails go
 * back, then their files (copied to their library keys), then their rows in one transaction, then
 * the trash's keys of those files go. An entry whose id or path is taken again, or whose file
 * is gone, stays in the trash. At the end the batch is 'restored', or 'trashed' again when
 * entries stayed. Yields each chunk's outcomes.
 */
export async function* restoreBatch(
  ctx: TrashContext,
  batchId: string,
  beforeMove: BeforeMove,
): AsyncGenerator<RestoredEntry[]> {
  const { trash } = ctx.catalog.repos
  for (const chunk of chunks(await trash.entries(batchId))) {
    for (const thumb of chunk.flatMap((entry) => entry.thumbnails)) {
      // A thumbnail made again since (the key is taken) wins; the trash's copy goes with the batch.
      await moveObject(ctx.store, keyOf(thumb.to), keyOf(thumb.from), beforeMove).catch(() => undefined)
    }
    const placed = new Map<TrashEntry, Placement>()
    for (const entry of chunk) placed.set(entry, await placeBack(ctx, entry, beforeMove))
    const outcomes = await ctx.catalog.transaction((repos) => restoreRows(repos, batchId, placed))
    for (const { entry, outcome } of outcomes) {
      const keys = fileKeys(entry)
      if (outcome === 'restored' && keys) await ctx.store.delete(keys.trash).catch(() => false)
    }
    yield outcomes
  }
  const left = (await trash.entries(batchId)).length
  if (left === 0) await ctx.store.delete(trashBatchKey(batchId))
  await trash.setState(
    batchId,
    ['restoring'],
    left === 0 ? 'restored' : 'trashed',
    null,
    left === 0 ? new Date().toISOString() : null,
  )
}

/** Whether an entry's file is back under its library key (or it has none), so its rows may follow. */
type Placement = Exclude<RestoredEntry['outcome'], 'restored'> | 'placed'

/** Puts an entry's file back under its library key (a copy), unless its id or path is taken again. */
async function placeBack(ctx: TrashContext, entry: TrashEntry, beforeMove: BeforeMove): Promise<Placement> {
  if (await ctx.catalog.repos.trash.assets.taken(entry.assetId, entry.libraryPath)) return 'taken'
  const keys = fileKeys(entry)
  if (!keys) return 'placed'
  const [source, there] = await Promise.all([ctx.store.stat(keys.trash), ctx.store.stat(keys.library)])
  if (there && source) return sameObject(source, there) ? 'placed' : 'occupied'
  // Only deleting the trash's key, after the rows were in, leaves the object under its library key alone.
  if (there) return there.size === entry.snapshot.row.size_bytes ? 'placed' : 'occupied'
  if (!source) return 'missing'
  beforeMove()
  return (await ctx.store.copy(keys.trash, keys.library)) === 'created' ? 'placed' : 'occupied'
}

/**
 * Puts the rows of a batch's placed entries back, in order, takes the restored ones out of its journal and forgets
 * their contents' removal; `repos` are the caller's transaction's, which see an id or path taken meanwhile.
 */
async function restoreRows(
  { trash, removals }: Pick<CatalogRepos, 'trash' | 'removals'>,
  batchId: string,
  placed: ReadonlyMap<TrashEntry, Placement>,
): Promise<RestoredEntry[]> {
  const outcomes: RestoredEntry[] = []
  for (const [entry, placement] of placed) {
    if (placement !== 'placed') outcomes.push({ entry, outcome: placement, dropped: 0 })
    else if (await trash.assets.taken(entry.assetId, entry.libraryPath)) {
      outcomes.push({ entry, outcome: 'taken', dropped: 0 })
    } else outcomes.push({ entry, outcome: 'restored', dropped: await trash.assets.restore(entry.snapshot) })
  }
  const restored = outcomes.filter((step) => step.outcome === 'restored').map((step) => step.entry.assetId)
  await trash.removeEntries(batchId, restored)
  await forgetRemoval({ removals }, 'asset', { assetIds: restored })
  return outcomes
}

/** What emptying one entry freed. */
export interface EmptiedEntry {
  entry: TrashEntry
}

/**
 * The steps of a batch in state 'emptying', a chunk of entries at a time: their trash objects go
 * for good, then (one statement) their entries; at the end the batch's folder key, and the batch is
 * 'emptied'. Yields each chunk.
 */
export async function* emptyBatch(ctx: TrashContext, batchId: string): AsyncGenerator<EmptiedEntry[]> {
  const { trash } = ctx.catalog.repos
  for (const chunk of chunks(await trash.entries(batchId))) {
    for (const entry of chunk) {
      for (const name of [entry.trashPath, ...entry.thumbnails.map((thumb) => thumb.to)]) {
        if (name !== null) await ctx.store.delete(keyOf(name))
      }
    }
    await trash.removeEntries(
      batchId,
      chunk.map((entry) => entry.assetId),
    )
    yield chunk.map((entry) => ({ entry }))
  }
  await ctx.store.delete(trashBatchKey(batchId))
  await trash.setState(batchId, ['emptying'], 'emptied', null, new Date().toISOString())
}

/**
 * Moves the object under `from` to `to` (never replacing an object there); it stays under `from` as well while
 * `stillUsed` says so. Runs again after a kill: an object already under `to` counts as moved, a missing `from`
 * is 'missing'.
 */
async function moveObject(
  store: ObjectStore,
  from: string,
  to: string,
  beforeMove: BeforeMove,
  stillUsed: () => Promise<boolean> = async () => false,
): Promise<'moved' | 'missing'> {
  const [source, target] = await Promise.all([store.stat(from), store.stat(to)])
  if (target) {
    // One object under both keys: a move that a kill cut short after its copy.
    if (source && sameObject(source, target) && !(await stillUsed())) await store.delete(from)
    return 'moved'
  }
  if (!source) return 'missing'
  beforeMove()
  await store.copy(from, to)
  if (!(await stillUsed())) await store.delete(from)
  return 'moved'
}

/** Whether two keys' facts are one object's: the folder driver's copy is a hard link, one file with one mtime. */
function sameObject(a: ObjectFacts, b: ObjectFacts): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs
}

/** An entry's file keys in the library and in the trash (`trash/<batch>/<library key>`); null when its file stays. */
function fileKeys(entry: TrashEntry): { library: string; trash: string } | null {
  if (entry.trashPath === null) return null
  const trash = keyOf(entry.trashPath)
  const folder = `${trashBatchKey(entry.batchId)}/`
  if (!trash.startsWith(folder)) throw new Error(`Trash entry ${entry.assetId} is not under ${folder}: ${trash}`)
  return { library: trash.slice(folder.length), trash }
}

/** A store key from a journal's name, which journals written on Windows separate with backslashes. */
function keyOf(name: string): string {
  return name.split(/[\\/]/).join('/')
}

/** Runs a batch's steps to the end. */
export async function runToEnd<T>(steps: AsyncGenerator<T[]>): Promise<T[]> {
  const done: T[][] = []
  for await (const step of steps) done.push(step)
  return done.flat()
}

/** Runs a batch's steps, giving the event loop a turn after each entry or chunk. */
export async function runInTurns<T>(steps: AsyncGenerator<T[]>): Promise<T[]> {
  const done: T[][] = []
  for await (const step of steps) {
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
 * Finishes what processes that are gone left half done (started while a library opens; the trash's
 * own operations wait for it): a delete's moves are completed, an undo is completed, an emptying is
 * completed. Batches of a live process (the app next to the CLI) are left to it. A batch whose
 * steps fail stays as it is, to be tried at the next open.
 */
export async function finishInterruptedBatches(
  ctx: TrashContext,
  owner: ProcessOwner = currentOwner(),
): Promise<string[]> {
  const finished: string[] = []
  const { trash } = ctx.catalog.repos
  for (const batch of await trash.unfinished()) {
    if (ownerIsAlive({ pid: batch.ownerPid, started: batch.ownerStarted })) continue
    if (!(await trash.claim(batch, owner))) continue
    try {
      if (batch.state === 'moving') await runToEnd(moveBatchIntoTrash(ctx, batch.id, () => undefined))
      else if (batch.state === 'restoring') await runToEnd(restoreBatch(ctx, batch.id, () => undefined))
      else await runToEnd(emptyBatch(ctx, batch.id))
      finished.push(batch.id)
    } catch (error) {
      console.error(
        `framevault: could not finish trash batch ${batch.id} (${batch.state}): ${(error as Error).message}`,
      )
    }
  }
  return finished
}

function putRowsBack(ctx: TrashContext, entry: TrashEntry): Promise<void> {
  return ctx.catalog.transaction(async ({ trash, removals }) => {
    await trash.assets.restore(entry.snapshot)
    await trash.removeEntries(entry.batchId, [entry.assetId])
    await forgetRemoval({ removals }, 'asset', { assetIds: [entry.assetId] })
  })
}
