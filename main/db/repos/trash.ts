import type { Database } from 'better-sqlite3'
import type { DeleteCandidate } from '../../../shared/contract'
import { createAssetSnapshots, type AssetSnapshot } from './asset-snapshot'

export type TrashState = 'moving' | 'trashed' | 'restoring' | 'restored' | 'emptying' | 'emptied'

/** A thumbnail's move into the trash, both paths relative to the library folder. */
export interface ThumbnailMove {
  from: string
  to: string
  bytes: number
}

/** One deleted asset in the journal: everything needed to put it back. */
export interface TrashEntry {
  batchId: string
  assetId: string
  name: string
  storage: 'copy' | 'link'
  snapshot: AssetSnapshot
  /** The asset's file as its row recorded it. */
  libraryPath: string
  /** Where the file is in the trash, relative to the library; null when it stays where it is. */
  trashPath: string | null
  thumbnails: ThumbnailMove[]
  /** Bytes this entry holds in the trash (its file, when moved, and its thumbnails). */
  bytes: number
}

/** A batch row: one delete. */
export interface TrashBatchRow {
  id: string
  createdAt: string
  state: TrashState
  deletedBy: string
  assets: number
  ownerPid: number | null
  ownerStarted: string | null
  finishedAt: string | null
}

/** A batch that still holds assets, with what it holds now. */
export interface TrashBatchSummary {
  id: string
  createdAt: string
  state: TrashState
  deletedBy: string
  assets: number
  copied: number
  linked: number
  bytes: number
  names: string[]
}

interface EntryRow {
  batch_id: string
  asset_id: string
  name: string
  storage: 'copy' | 'link'
  asset_row: string
  dependents: string
  library_path: string
  trash_path: string | null
  thumbnails: string
  bytes: number
}

const BATCH_COLUMNS = `id, created_at AS createdAt, state, deleted_by AS deletedBy, assets,
  owner_pid AS ownerPid, owner_started AS ownerStarted, finished_at AS finishedAt`

/** The trash journal (migration 0070) and the asset snapshots it holds. */
export function createTrashRepo(db: Database) {
  const insertBatch = db.prepare<{
    id: string
    createdAt: string
    deletedBy: string
    assets: number
    pid: number
    started: string | null
  }>(
    `INSERT INTO trash_batches (id, created_at, state, deleted_by, assets, owner_pid, owner_started)
     VALUES (@id, @createdAt, 'moving', @deletedBy, @assets, @pid, @started)
     ON CONFLICT (id) DO UPDATE SET assets = assets + excluded.assets`,
  )
  const insertEntry = db.prepare<EntryRow>(
    `INSERT INTO trash_entries (batch_id, asset_id, name, storage, asset_row, dependents, library_path, trash_path, thumbnails, bytes)
     VALUES (@batch_id, @asset_id, @name, @storage, @asset_row, @dependents, @library_path, @trash_path, @thumbnails, @bytes)`,
  )
  const entriesStmt = db.prepare<[string], EntryRow>('SELECT * FROM trash_entries WHERE batch_id = ? ORDER BY rowid')
  const removeEntryStmt = db.prepare<[string, string]>('DELETE FROM trash_entries WHERE batch_id = ? AND asset_id = ?')
  const fileMissingStmt = db.prepare<{ batchId: string; assetId: string; fileBytes: number }>(
    `UPDATE trash_entries SET trash_path = NULL, bytes = max(bytes - @fileBytes, 0)
     WHERE batch_id = @batchId AND asset_id = @assetId`,
  )
  const batchStmt = db.prepare<[string], TrashBatchRow>(`SELECT ${BATCH_COLUMNS} FROM trash_batches WHERE id = ?`)
  const setStateStmt = db.prepare<{
    id: string
    from: string
    to: TrashState
    pid: number | null
    started: string | null
    finishedAt: string | null
  }>(
    `UPDATE trash_batches SET state = @to, owner_pid = @pid, owner_started = @started, finished_at = @finishedAt
     WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
  )
  const claimStmt = db.prepare<{
    id: string
    state: TrashState
    oldPid: number | null
    oldStarted: string | null
    pid: number
    started: string | null
  }>(
    `UPDATE trash_batches SET owner_pid = @pid, owner_started = @started
     WHERE id = @id AND state = @state AND owner_pid IS @oldPid AND owner_started IS @oldStarted`,
  )
  const unfinishedStmt = db.prepare<[], TrashBatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM trash_batches WHERE state IN ('moving', 'restoring', 'emptying') ORDER BY created_at`,
  )
  const inStateStmt = db
    .prepare<[TrashState], string>('SELECT id FROM trash_batches WHERE state = ? ORDER BY created_at, rowid')
    .pluck()
  const listStmt = db.prepare<[number], TrashBatchSummary & { names: string }>(
    `SELECT b.id, b.created_at AS createdAt, b.state, b.deleted_by AS deletedBy,
       count(e.asset_id) AS assets,
       count(CASE WHEN e.storage = 'copy' THEN 1 END) AS copied,
       count(CASE WHEN e.storage = 'link' THEN 1 END) AS linked,
       coalesce(sum(e.bytes), 0) AS bytes,
       (SELECT json_group_array(name) FROM (SELECT name FROM trash_entries WHERE batch_id = b.id ORDER BY rowid LIMIT 3)) AS names
     FROM trash_batches b LEFT JOIN trash_entries e ON e.batch_id = b.id
     WHERE b.state NOT IN ('restored', 'emptied')
     GROUP BY b.id ORDER BY b.created_at DESC, b.rowid DESC LIMIT ?`,
  )
  const candidatesStmt = db.prepare<[string], DeleteCandidate>(
    `SELECT v.id, v.name, v.storage, v.size_bytes AS sizeBytes, v.file_path AS filePath
     FROM json_each(?) j JOIN videos v ON v.id = j.value ORDER BY j.key`,
  )
  const bytesStmt = db.prepare<[], number>('SELECT coalesce(sum(bytes), 0) FROM trash_entries').pluck()

  return {
    /** The assets among `ids` that exist, in the order given, as a delete's confirmation names them. */
    candidates(ids: readonly string[]): DeleteCandidate[] {
      return candidatesStmt.all(JSON.stringify(ids))
    },
    /** Snapshots, removal and restore of asset rows (see asset-snapshot.ts). */
    assets: createAssetSnapshots(db),
    /** Starts a batch in state 'moving', owned by `owner`, or adds assets to the one started. */
    addToBatch(
      batch: { id: string; createdAt: string; deletedBy: string; assets: number },
      owner: { pid: number; started: string | null },
    ): void {
      insertBatch.run({ ...batch, pid: owner.pid, started: owner.started })
    },
    addEntry(entry: TrashEntry): void {
      insertEntry.run({
        batch_id: entry.batchId,
        asset_id: entry.assetId,
        name: entry.name,
        storage: entry.storage,
        asset_row: JSON.stringify(entry.snapshot.row),
        dependents: JSON.stringify(entry.snapshot.dependents),
        library_path: entry.libraryPath,
        trash_path: entry.trashPath,
        thumbnails: JSON.stringify(entry.thumbnails),
        bytes: entry.bytes,
      })
    },
    /** The assets a batch still holds, in the order they were deleted. */
    entries(batchId: string): TrashEntry[] {
      return entriesStmt.all(batchId).map(toEntry)
    },
    removeEntry(batchId: string, assetId: string): void {
      removeEntryStmt.run(batchId, assetId)
    },
    /** Records that an entry's file was not there to move: only its rows are in the trash. */
    fileWasMissing(batchId: string, assetId: string, fileBytes: number): void {
      fileMissingStmt.run({ batchId, assetId, fileBytes })
    },
    batch(id: string): TrashBatchRow | undefined {
      return batchStmt.get(id)
    },
    /**
     * Moves a batch from one of `from` to `to`, owned by `owner` (null: none); false when it was
     * in another state (another process got there first).
     */
    setState(
      id: string,
      from: readonly TrashState[],
      to: TrashState,
      owner: { pid: number; started: string | null } | null,
      finishedAt: string | null = null,
    ): boolean {
      return (
        setStateStmt.run({
          id,
          from: JSON.stringify(from),
          to,
          pid: owner?.pid ?? null,
          started: owner?.started ?? null,
          finishedAt,
        }).changes > 0
      )
    },
    /** Takes over an unfinished batch from `previous` (its gone owner); false when someone else did. */
    claim(batch: TrashBatchRow, owner: { pid: number; started: string | null }): boolean {
      return (
        claimStmt.run({
          id: batch.id,
          state: batch.state,
          oldPid: batch.ownerPid,
          oldStarted: batch.ownerStarted,
          pid: owner.pid,
          started: owner.started,
        }).changes > 0
      )
    },
    /** Batches a process left moving, restoring or emptying, oldest first. */
    unfinished(): TrashBatchRow[] {
      return unfinishedStmt.all()
    },
    /** Ids of the batches in `state`, oldest first. */
    inState(state: TrashState): string[] {
      return inStateStmt.all(state)
    },
    /** Batches that still hold assets, newest first. */
    list(limit: number): TrashBatchSummary[] {
      return listStmt.all(limit).map((row) => ({ ...row, names: JSON.parse(row.names) as string[] }))
    },
    /** Bytes the trash holds, summed from the journal (the trash folder is not walked). */
    bytes(): number {
      return bytesStmt.get() ?? 0
    },
  }
}
export type TrashRepo = ReturnType<typeof createTrashRepo>

function toEntry(row: EntryRow): TrashEntry {
  return {
    batchId: row.batch_id,
    assetId: row.asset_id,
    name: row.name,
    storage: row.storage,
    snapshot: {
      row: JSON.parse(row.asset_row) as AssetSnapshot['row'],
      dependents: JSON.parse(row.dependents) as AssetSnapshot['dependents'],
    },
    libraryPath: row.library_path,
    trashPath: row.trash_path,
    thumbnails: JSON.parse(row.thumbnails) as ThumbnailMove[],
    bytes: row.bytes,
  }
}

/** Empties the trash's records (a restored library's: the files they name are the original's); answers the assets they held. */
export function forgetAllTrash(db: Database): number {
  const held = db.prepare<[], number>('SELECT count(*) FROM trash_entries').pluck().get() ?? 0
  db.prepare('DELETE FROM trash_batches').run()
  return held
}
