import type { Database } from 'better-sqlite3'
import type { DeleteCandidate } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import { rowBatches } from '../sql/row-batches'
import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { valuesRows } from '../sql/values-rows'
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

// The journal's columns as the repository reads them; JSON columns are text on both engines, parsed in toEntry.
interface EntryRow {
  batchId: string
  assetId: string
  name: string
  storage: 'copy' | 'link'
  assetRow: string
  dependents: string
  libraryPath: string
  trashPath: string | null
  thumbnails: string
  bytes: number
}

const ENTRY_COLUMNS = `batch_id AS "batchId", asset_id AS "assetId", name, storage, asset_row AS "assetRow", dependents,
  library_path AS "libraryPath", trash_path AS "trashPath", thumbnails, bytes`
const BATCH_COLUMNS = `id, created_at AS "createdAt", state, deleted_by AS "deletedBy", assets,
  owner_pid AS "ownerPid", owner_started AS "ownerStarted", finished_at AS "finishedAt"`

// The names a batch's summary shows: its first few, in the order they were deleted.
const NAMES_SHOWN = 3

type Owner = { pid: number; started: string | null }

/**
 * The trash journal (a library's migration 0070, a hub's 0130) and the asset snapshots it holds, on either engine.
 * Batches and entries list in the order they were written (`rowid` on both engines, see the hub's migration).
 */
export function createTrashRepo(sql: SqlEngine) {
  // A table of the strings of a JSON array bound to one `?` (see dialect.ts).
  const jsonList = jsonValues(sql.dialect)
  /** The first names of each of these batches' entries. */
  const firstNames = async (batchIds: readonly string[]): Promise<Map<string, string[]>> => {
    const rows = await sql.all<{ batchId: string; name: string }>(
      `SELECT batch_id AS "batchId", name FROM (
         SELECT batch_id, name, rowid AS seq, row_number() OVER (PARTITION BY batch_id ORDER BY rowid) AS place
         FROM trash_entries WHERE batch_id IN (SELECT value FROM ${jsonList})
       ) firsts WHERE place <= ? ORDER BY seq`,
      [JSON.stringify(batchIds), NAMES_SHOWN],
    )
    const names = new Map<string, string[]>()
    for (const { batchId, name } of rows) names.set(batchId, [...(names.get(batchId) ?? []), name])
    return names
  }
  return {
    /** The assets among `ids` that exist, in the order given, as a delete's confirmation names them. */
    async candidates(assetIds: readonly string[]): Promise<DeleteCandidate[]> {
      const rows = await sql.all<DeleteCandidate>(
        `SELECT id, name, storage, size_bytes AS "sizeBytes", file_path AS "filePath" FROM videos
         WHERE id IN (SELECT value FROM ${jsonList})`,
        [JSON.stringify(assetIds)],
      )
      const byId = new Map(rows.map((row) => [row.id, row]))
      return assetIds.flatMap((id) => byId.get(id) ?? [])
    },
    /** Snapshots, removal and restore of asset rows (see asset-snapshot.ts). */
    assets: createAssetSnapshots(sql),
    /** Starts a batch in state 'moving', owned by `owner`, or adds assets to the one started. */
    async addToBatch(
      batch: { id: string; createdAt: string; deletedBy: string; assets: number },
      owner: Owner,
    ): Promise<void> {
      await sql.run(
        `INSERT INTO trash_batches (id, created_at, state, deleted_by, assets, owner_pid, owner_started)
         VALUES (?, ?, 'moving', ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET assets = trash_batches.assets + excluded.assets`,
        [batch.id, batch.createdAt, batch.deletedBy, batch.assets, owner.pid, owner.started],
      )
    },
    /** Journals entries in order, a few multi-row statements for any number of them. */
    async addEntries(entries: readonly TrashEntry[]): Promise<void> {
      for (const batch of rowBatches(entries)) {
        const { values, params } = valuesRows(batch.map(entryValues))
        await sql.run(
          `INSERT INTO trash_entries (batch_id, asset_id, name, storage, asset_row, dependents, library_path,
             trash_path, thumbnails, bytes) VALUES ${values}`,
          params,
        )
      }
    },
    /** The assets a batch still holds, in the order they were deleted. */
    entries: async (batchId: string): Promise<TrashEntry[]> =>
      (
        await sql.all<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM trash_entries WHERE batch_id = ? ORDER BY rowid`, [
          batchId,
        ])
      ).map(toEntry),
    /** Takes these assets' entries out of a batch (restored, or emptied for good), in one statement. */
    async removeEntries(batchId: string, assetIds: readonly string[]): Promise<void> {
      await sql.run(`DELETE FROM trash_entries WHERE batch_id = ? AND asset_id IN (SELECT value FROM ${jsonList})`, [
        batchId,
        JSON.stringify(assetIds),
      ])
    },
    /** Records that an entry's file was not there to move: only its rows are in the trash. */
    async fileWasMissing(batchId: string, assetId: string, fileBytes: number): Promise<void> {
      await sql.run(
        `UPDATE trash_entries SET trash_path = NULL, bytes = CASE WHEN bytes > ? THEN bytes - ? ELSE 0 END
         WHERE batch_id = ? AND asset_id = ?`,
        [fileBytes, fileBytes, batchId, assetId],
      )
    },
    batch: (id: string): Promise<TrashBatchRow | undefined> =>
      sql.get(`SELECT ${BATCH_COLUMNS} FROM trash_batches WHERE id = ?`, [id]),
    /**
     * Moves a batch from one of `from` to `to`, owned by `owner` (null: none); false when it was
     * in another state (another process got there first).
     */
    setState: async (
      id: string,
      from: readonly TrashState[],
      to: TrashState,
      owner: Owner | null,
      finishedAt: string | null = null,
    ): Promise<boolean> =>
      (
        await sql.run(
          `UPDATE trash_batches SET state = ?, owner_pid = ?, owner_started = ?, finished_at = ?
           WHERE id = ? AND state IN (SELECT value FROM ${jsonList})`,
          [to, owner?.pid ?? null, owner?.started ?? null, finishedAt, id, JSON.stringify(from)],
        )
      ).changes > 0,
    /** Takes over an unfinished batch from its gone owner; false when someone else did. */
    claim: async (batch: TrashBatchRow, owner: Owner): Promise<boolean> =>
      (
        await sql.run(
          `UPDATE trash_batches SET owner_pid = ?, owner_started = ?
           WHERE id = ? AND state = ? AND owner_pid IS NOT DISTINCT FROM ? AND owner_started IS NOT DISTINCT FROM ?`,
          [owner.pid, owner.started, batch.id, batch.state, batch.ownerPid, batch.ownerStarted],
        )
      ).changes > 0,
    /** Batches a process left moving, restoring or emptying, oldest first. */
    unfinished: (): Promise<TrashBatchRow[]> =>
      sql.all(
        `SELECT ${BATCH_COLUMNS} FROM trash_batches WHERE state IN ('moving', 'restoring', 'emptying')
         ORDER BY created_at, rowid`,
      ),
    /** Ids of the batches in `state`, oldest first. */
    inState: async (state: TrashState): Promise<string[]> =>
      (
        await sql.all<{ id: string }>('SELECT id FROM trash_batches WHERE state = ? ORDER BY created_at, rowid', [
          state,
        ])
      ).map((row) => row.id),
    /** Batches that still hold assets, newest first. */
    async list(limit: number): Promise<TrashBatchSummary[]> {
      const batches = await sql.all<Omit<TrashBatchSummary, 'names'>>(
        `SELECT b.id, b.created_at AS "createdAt", b.state, b.deleted_by AS "deletedBy",
           count(e.asset_id) AS assets,
           count(CASE WHEN e.storage = 'copy' THEN 1 END) AS copied,
           count(CASE WHEN e.storage = 'link' THEN 1 END) AS linked,
           CAST(coalesce(sum(e.bytes), 0) AS bigint) AS bytes
         FROM trash_batches b LEFT JOIN trash_entries e ON e.batch_id = b.id
         WHERE b.state NOT IN ('restored', 'emptied')
         GROUP BY b.id ORDER BY b.created_at DESC, b.rowid DESC LIMIT ?`,
        [limit],
      )
      const names = await firstNames(batches.map((batch) => batch.id))
      return batches.map((batch) => ({ ...batch, names: names.get(batch.id) ?? [] }))
    },
    /** Bytes the trash holds, summed from the journal (the trash folder is not walked). */
    bytes: async (): Promise<number> =>
      (await sql.get<{ bytes: number }>('SELECT CAST(coalesce(sum(bytes), 0) AS bigint) AS bytes FROM trash_entries'))!
        .bytes,
  }
}
export type TrashRepo = ReturnType<typeof createTrashRepo>

function entryValues(entry: TrashEntry): SqlValue[] {
  return [
    entry.batchId,
    entry.assetId,
    entry.name,
    entry.storage,
    JSON.stringify(entry.snapshot.row),
    JSON.stringify(entry.snapshot.dependents),
    entry.libraryPath,
    entry.trashPath,
    JSON.stringify(entry.thumbnails),
    entry.bytes,
  ]
}

function toEntry(row: EntryRow): TrashEntry {
  return {
    batchId: row.batchId,
    assetId: row.assetId,
    name: row.name,
    storage: row.storage,
    snapshot: {
      row: JSON.parse(row.assetRow) as AssetSnapshot['row'],
      dependents: JSON.parse(row.dependents) as AssetSnapshot['dependents'],
    },
    libraryPath: row.libraryPath,
    trashPath: row.trashPath,
    thumbnails: JSON.parse(row.thumbnails) as ThumbnailMove[],
    bytes: row.bytes,
  }
}

/**
 * Empties the trash's records (a restored library's: the files they name are the original's); answers the assets they
 * held. On the restored SQLite file itself, in the restore's one synchronous transaction with the watch folders'
 * (restore.ts): no catalogue is open on that file.
 */
export function forgetAllTrash(db: Database): number {
  const held = db.prepare<[], number>('SELECT count(*) FROM trash_entries').pluck().get() ?? 0
  db.prepare('DELETE FROM trash_batches').run()
  return held
}
