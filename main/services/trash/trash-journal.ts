import path from 'node:path'
import type { AssetSnapshot } from '../../db/repos/asset-snapshot'
import type { ThumbnailMove, TrashEntry } from '../../db/repos/trash'
import { currentOwner } from '../../jobs/process-owner'
import type { Library, Uses } from '../library-context'
import { ownedKey } from '../../library/asset-file'
import { ownedFilePath, thumbnailKeys, trashBatchKey } from '../../library/library-paths'
import { isSameOrInside } from '../../security/contained-path'
import { isKey, type ObjectFacts } from '../../storage/object-store'
import { recordRemoval } from '../removals/record-removals'
import type { TrashContext } from './trash-context'

/** Assets per transaction of a delete: 500 hold the event loop ~0.3 s (measured with 5,000). */
export const JOURNAL_CHUNK = 500

/** The objects a chunk's assets have in the store (files and thumbnails), by key; null for none. */
type StoredFacts = Map<string, ObjectFacts | null>

/**
 * Journals the assets among `chunk` that exist and removes their rows, in one transaction. Their objects'
 * sizes are read from the store first; a row that changed meanwhile is journalled with its recorded size.
 */
export async function journalChunk(
  lib: Pick<Library, 'actor' | 'catalog'>,
  ctx: TrashContext,
  batchId: string,
  chunk: readonly string[],
  all: readonly string[],
): Promise<PlannedEntry[]> {
  const facts = await storedFacts(lib, ctx, chunk)
  return lib.catalog.transaction(async ({ trash, removals }) => {
    const snapshots = await trash.assets.snapshot(chunk)
    if (snapshots.length === 0) return []
    const entries = snapshots.map((snapshot) => planEntry(ctx, batchId, snapshot, facts))
    // Rows this delete removes anyway (in this chunk or a later one) do not keep a file.
    const shared = await trash.assets.otherUsers(
      entries.flatMap((entry) => (entry.trashPath === null ? [] : [entry.libraryPath, entry.realPath])),
      all,
    )
    await trash.addToBatch(
      { id: batchId, createdAt: new Date().toISOString(), deletedBy: lib.actor, assets: entries.length },
      currentOwner(),
    )
    for (const entry of entries) {
      if (entry.trashPath !== null && (shared.has(entry.libraryPath) || shared.has(entry.realPath))) {
        entry.kept = 'another asset uses this file'
        entry.bytes -= entry.fileBytes
        entry.trashPath = null
      }
    }
    await trash.addEntries(entries)
    // The hub remembers who deleted these contents, so a push does not bring them back (issue 64 point 2).
    await recordRemoval({ removals }, lib.actor, 'asset', { assetIds: entries.map((entry) => entry.assetId) })
    await trash.assets.remove(entries.map((entry) => entry.assetId))
    return entries
  })
}

/** A journal entry as a delete plans it: also the file's path in the real library folder, its bytes, and why it stays. */
export interface PlannedEntry extends TrashEntry {
  realPath: string
  fileBytes: number
  kept?: string
}

async function storedFacts(lib: Uses<'media'>, ctx: TrashContext, chunk: readonly string[]): Promise<StoredFacts> {
  const files = await lib.catalog.repos.media.filesOf(chunk)
  const keys = chunk.flatMap((id) => {
    const file = files.get(id)
    if (!file) return []
    const copy = file.storage === 'copy' ? copyKey(ctx, file.filePath, file.objectKey) : undefined
    // An id that makes no key (a row another tool wrote) has no thumbnails in the store.
    return [...Object.values(thumbnailKeys(id)), ...(copy && 'key' in copy ? [copy.key] : [])].filter(isKey)
  })
  const facts = await Promise.all(keys.map((key) => ctx.store.stat(key)))
  return new Map(keys.map((key, index) => [key, facts[index]!]))
}

/** An asset's journal entry: where its file and thumbnails go in the trash, and their bytes. */
function planEntry(ctx: TrashContext, batchId: string, snapshot: AssetSnapshot, facts: StoredFacts): PlannedEntry {
  const { row } = snapshot
  const id = String(row.id)
  const storage = row.storage === 'link' ? 'link' : 'copy'
  const libraryPath = String(row.file_path)
  const inTrash = (key: string) => `${trashBatchKey(batchId)}/${key}`
  const thumbnails: ThumbnailMove[] = Object.values(thumbnailKeys(id)).flatMap((key) => {
    const fact = facts.get(key)
    return fact ? [{ from: key, to: inTrash(key), bytes: fact.size }] : []
  })
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
  const file = copyKey(ctx, libraryPath, typeof row.object_key === 'string' ? row.object_key : null)
  if ('kept' in file) return { ...entry, kept: file.kept }
  const { key } = file
  const fact = facts.get(key)
  // A copy whose object the store lacks while its row records a file outside (a restored library's) stays there.
  if (!fact && libraryFolderOf(ctx, libraryPath) === undefined) return { ...entry, kept: KEPT_OUTSIDE }
  const fileBytes = fact?.size ?? (typeof row.size_bytes === 'number' ? row.size_bytes : 0)
  return {
    ...entry,
    realPath: ownedFilePath(ctx.realRoot, key),
    trashPath: inTrash(key),
    fileBytes,
    bytes: thumbBytes + fileBytes,
  }
}

const KEPT_OUTSIDE = 'its file lies outside the library folder'
const KEPT_NOT_A_KEY = 'its file name is not one the library stores (only letters, digits, ".", "_" and "-")'

/**
 * The store key of a copy's file: its row's own, or the key its recorded path names in the library folder (as
 * opened, or with symlinks followed); why the file stays where it is when there is no such key.
 */
function copyKey(ctx: TrashContext, recorded: string, objectKey: string | null): { key: string } | { kept: string } {
  if (objectKey !== null) return { key: objectKey }
  const dir = libraryFolderOf(ctx, recorded)
  if (dir === undefined) return { kept: KEPT_OUTSIDE }
  const key = ownedKey({ dir }, recorded)
  return isKey(key) ? { key } : { kept: KEPT_NOT_A_KEY }
}

/** The library folder (as opened, or with symlinks followed) a recorded path names a file inside; undefined if none. */
function libraryFolderOf(ctx: TrashContext, recorded: string): string | undefined {
  return [ctx.root, ctx.realRoot].find((dir) => {
    const file = path.resolve(dir, recorded)
    return file !== dir && isSameOrInside(dir, file)
  })
}

/** Bytes of an entry's thumbnails. */
export function thumbnailBytes(entry: TrashEntry): number {
  return entry.thumbnails.reduce((sum, thumb) => sum + thumb.bytes, 0)
}
