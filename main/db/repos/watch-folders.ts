import type { Database } from 'better-sqlite3'
import type { WatchEvent, WatchFolder } from '../../../shared/contract'

// Events kept per folder; older ones go as new ones come.
const EVENTS_KEPT = 300

// A folder's problem is the newest of its missing / refused / found events, unless that is "found".
const FOLDER = `f.id, f.path, f.mode, f.paused = 1 AS paused, f.created_at AS createdAt,
  (SELECT count(*) FROM watch_files w WHERE w.folder_id = f.id) AS files,
  (SELECT CASE WHEN e.kind = 'found' THEN NULL ELSE e.detail END FROM watch_events e
    WHERE e.folder_id = f.id AND e.kind IN ('missing', 'refused', 'found') ORDER BY e.id DESC LIMIT 1) AS problem
  FROM watch_folders f`

type FolderRow = Omit<WatchFolder, 'paused'> & { paused: number }

/** A file of a watched folder as the watcher handed it to an import. */
export interface WatchedFile {
  path: string
  size: number
  mtimeMs: number
}

/** Watched folders, the files they have had imported, and what the watcher did (migration 0280). */
export function createWatchFoldersRepo(db: Database) {
  const listStmt = db.prepare<[], FolderRow>(`SELECT ${FOLDER} ORDER BY f.path`)
  const getStmt = db.prepare<[number], FolderRow>(`SELECT ${FOLDER} WHERE f.id = ?`)
  const byPathStmt = db.prepare<[string], FolderRow>(`SELECT ${FOLDER} WHERE f.path = ?`)
  const insertStmt = db.prepare<[string, string, string]>(
    'INSERT INTO watch_folders (path, mode, created_at) VALUES (?, ?, ?)',
  )
  const deleteStmt = db.prepare<[number]>('DELETE FROM watch_folders WHERE id = ?')
  const pauseStmt = db.prepare<[number, number]>('UPDATE watch_folders SET paused = ? WHERE id = ?')
  const filesStmt = db.prepare<[number], WatchedFile>(
    'SELECT path, size, mtime_ms AS mtimeMs FROM watch_files WHERE folder_id = ?',
  )
  const putFileStmt = db.prepare<[number, string, number, number, string | null, string | null, string]>(
    `INSERT INTO watch_files (folder_id, path, size, mtime_ms, outcome, asset_id, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder_id, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
       outcome = excluded.outcome, asset_id = excluded.asset_id, seen_at = excluded.seen_at`,
  )
  const eventStmt = db.prepare<[number, string, string, string | null, string | null]>(
    'INSERT INTO watch_events (folder_id, at, kind, path, detail) VALUES (?, ?, ?, ?, ?)',
  )
  const trimStmt = db.prepare<[number, number, number]>(
    `DELETE FROM watch_events WHERE folder_id = ? AND id <= (
       SELECT id FROM watch_events WHERE folder_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  )
  const eventsStmt = db.prepare<{ folderId: number | null; limit: number }, WatchEvent>(
    `SELECT id, folder_id AS folderId, at, kind, path, detail FROM watch_events
     WHERE @folderId IS NULL OR folder_id = @folderId ORDER BY id DESC LIMIT @limit`,
  )
  const toFolder = (row: FolderRow | undefined): WatchFolder | undefined => row && { ...row, paused: row.paused === 1 }
  return {
    list: (): WatchFolder[] => listStmt.all().map((row) => toFolder(row)!),
    get: (id: number): WatchFolder | undefined => toFolder(getStmt.get(id)),
    byPath: (path: string): WatchFolder | undefined => toFolder(byPathStmt.get(path)),
    insert(path: string, mode: WatchFolder['mode'], at: string): WatchFolder {
      insertStmt.run(path, mode, at)
      return toFolder(byPathStmt.get(path))!
    },
    delete: (id: number): boolean => deleteStmt.run(id).changes > 0,
    setPaused: (id: number, paused: boolean): void => void pauseStmt.run(paused ? 1 : 0, id),
    /** The files of a folder handed to imports, with the size and time they had then. */
    files: (folderId: number): WatchedFile[] => filesStmt.all(folderId),
    /** Notes a file handed to an import, with how it ended. */
    putFile(folderId: number, file: WatchedFile, outcome: string | null, assetId: string | null, at: string): void {
      putFileStmt.run(folderId, file.path, file.size, file.mtimeMs, outcome, assetId, at)
    },
    /** Adds an event, dropping the folder's oldest past the last EVENTS_KEPT. */
    event(folderId: number, kind: WatchEvent['kind'], path: string | null, detail: string | null, at: string): void {
      eventStmt.run(folderId, at, kind, path, detail)
      trimStmt.run(folderId, folderId, EVENTS_KEPT)
    },
    /** The newest events (of one folder when given), newest first. */
    events: (folderId: number | null, limit: number): WatchEvent[] => eventsStmt.all({ folderId, limit }),
  }
}
export type WatchFoldersRepo = ReturnType<typeof createWatchFoldersRepo>

/** Stops watching every folder (a restored library's: they are the original's to watch); answers their paths. */
export function forgetAllWatchFolders(db: Database): string[] {
  const paths = db.prepare<[], string>('SELECT path FROM watch_folders ORDER BY path').pluck().all()
  db.prepare('DELETE FROM watch_folders').run()
  return paths
}
