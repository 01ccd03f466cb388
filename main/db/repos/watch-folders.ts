import type { Database } from 'better-sqlite3'
import type { WatchEvent, WatchFolder } from '../../../shared/contract'
import { rowBatches } from '../sql/row-batches'
import type { SqlEngine } from '../sql/sql-engine'
import { valuesRows } from '../sql/values-rows'

// Events kept per folder; older ones go as new ones come.
const EVENTS_KEPT = 300

// A folder's problem is the newest of its missing / refused / found events, unless that is "found".
const FOLDER = `SELECT f.id, f.path, f.mode, f.paused, f.created_at AS "createdAt",
  (SELECT count(*) FROM watch_files w WHERE w.folder_id = f.id) AS files,
  (SELECT CASE WHEN e.kind = 'found' THEN NULL ELSE e.detail END FROM watch_events e
    WHERE e.folder_id = f.id AND e.kind IN ('missing', 'refused', 'found') ORDER BY e.id DESC LIMIT 1) AS problem
  FROM watch_folders f`

type FolderRow = Omit<WatchFolder, 'paused'> & { paused: number }
const asFolder = (row: FolderRow): WatchFolder => ({ ...row, paused: row.paused === 1 })

/** A file of a watched folder as the watcher handed it to an import. */
export interface WatchedFile {
  path: string
  size: number
  mtimeMs: number
}

/** A file handed to an import, with how the import ended for it (null: it never said) and the asset it came to. */
export interface WatchedFileOutcome extends WatchedFile {
  outcome: string | null
  assetId: string | null
}

/** An event to add: what happened, to which file of the folder (null: to the folder). */
export type NewWatchEvent = Pick<WatchEvent, 'kind' | 'path' | 'detail'>

/**
 * Watched folders, the files they have had imported, and what the watcher did (a library's migration 0280, a hub's
 * 0090), on either engine.
 */
export function createWatchFoldersRepo(sql: SqlEngine) {
  const get = async (id: number): Promise<WatchFolder | undefined> => {
    const row = await sql.get<FolderRow>(`${FOLDER} WHERE f.id = ?`, [id])
    return row && asFolder(row)
  }
  const addEvents = (folderId: number, events: readonly NewWatchEvent[], at: string): Promise<void> =>
    sql.transaction(async (tx) => {
      // The folder keeps its newest EVENTS_KEPT: older ones of these would go again at once.
      for (const batch of rowBatches(events.slice(-EVENTS_KEPT))) {
        const { values, params } = valuesRows(
          batch.map((event) => [folderId, at, event.kind, event.path, event.detail]),
        )
        await tx.run(`INSERT INTO watch_events (folder_id, at, kind, path, detail) VALUES ${values}`, params)
      }
      await tx.run(
        `DELETE FROM watch_events WHERE folder_id = ? AND id <= (
           SELECT id FROM watch_events WHERE folder_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
        [folderId, folderId, EVENTS_KEPT],
      )
    })
  return {
    /** Every watched folder, by path. */
    list: async (): Promise<WatchFolder[]> => (await sql.all<FolderRow>(`${FOLDER} ORDER BY f.path`)).map(asFolder),
    get,
    /** Watches a folder; a path watched already throws UniqueViolation. */
    async insert(path: string, mode: WatchFolder['mode'], at: string): Promise<WatchFolder> {
      const created = await sql.get<{ id: number }>(
        'INSERT INTO watch_folders (path, mode, created_at) VALUES (?, ?, ?) RETURNING id',
        [path, mode, at],
      )
      return (await get(created!.id))!
    },
    /** Stops watching a folder (its files and events go with it); false when there is none with that id. */
    delete: async (id: number): Promise<boolean> =>
      (await sql.run('DELETE FROM watch_folders WHERE id = ?', [id])).changes > 0,
    setPaused: async (id: number, paused: boolean): Promise<void> =>
      void (await sql.run('UPDATE watch_folders SET paused = ? WHERE id = ?', [paused ? 1 : 0, id])),
    /** The files of a folder handed to imports, with the size and time they had then, by path. */
    files: (folderId: number): Promise<WatchedFile[]> =>
      sql.all('SELECT path, size, mtime_ms AS "mtimeMs" FROM watch_files WHERE folder_id = ? ORDER BY path', [
        folderId,
      ]),
    /** Notes files handed to an import, with how each ended, in a few statements; a file noted before is noted anew. */
    putFiles: (folderId: number, files: readonly WatchedFileOutcome[], at: string): Promise<void> =>
      sql.transaction(async (tx) => {
        // One row per path (the last one given): PostgreSQL refuses to update a row twice in one statement.
        const latest = [...new Map(files.map((file) => [file.path, file])).values()]
        for (const batch of rowBatches(latest)) {
          const { values, params } = valuesRows(
            batch.map((file) => [folderId, file.path, file.size, file.mtimeMs, file.outcome, file.assetId, at]),
          )
          await tx.run(
            `INSERT INTO watch_files (folder_id, path, size, mtime_ms, outcome, asset_id, seen_at) VALUES ${values}
             ON CONFLICT (folder_id, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
               outcome = excluded.outcome, asset_id = excluded.asset_id, seen_at = excluded.seen_at`,
            params,
          )
        }
      }),
    /** Adds events in order, dropping the folder's oldest past the last EVENTS_KEPT. */
    addEvents,
    /** Adds one event (see addEvents). */
    event: (folderId: number, kind: WatchEvent['kind'], path: string | null, detail: string | null, at: string) =>
      addEvents(folderId, [{ kind, path, detail }], at),
    /** The newest events (of one folder when given), newest first. */
    events: (folderId: number | null, limit: number): Promise<WatchEvent[]> =>
      sql.all(
        `SELECT id, folder_id AS "folderId", at, kind, path, detail FROM watch_events
         WHERE CAST(? AS bigint) IS NULL OR folder_id = ? ORDER BY id DESC LIMIT ?`,
        [folderId, folderId, limit],
      ),
  }
}
export type WatchFoldersRepo = ReturnType<typeof createWatchFoldersRepo>

/**
 * Stops watching every folder (a restored library's: they are the original's to watch); answers their paths. On
 * the restored SQLite file itself, in the restore's one synchronous transaction with the trash's (restore.ts).
 */
export function forgetAllWatchFolders(db: Database): string[] {
  const paths = db.prepare<[], string>('SELECT path FROM watch_folders ORDER BY path').pluck().all()
  db.prepare('DELETE FROM watch_folders').run()
  return paths
}
