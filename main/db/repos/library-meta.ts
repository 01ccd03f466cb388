import type { Database } from 'better-sqlite3'

export type LibraryMetaKey =
  | 'library_id'
  | 'created_at'
  | 'name'
  | 'comfy_server'
  // The largest output file a ComfyUI run downloads, in bytes (absent: the default).
  | 'comfy_output_limit_bytes'
  // A restored library: the id and folder of the library its backup was taken of, and when it was taken.
  | 'restored_from'
  | 'restored_from_path'
  | 'restored_backup_at'
  // The libraries restored from this one's backups (a JSON array, see services/library/restored-identity.ts).
  | 'restored_libraries'

/** Reads and writes the library's own key/value facts. */
export function createLibraryMetaRepo(db: Database) {
  const getStmt = db.prepare<[LibraryMetaKey], { value: string }>('SELECT value FROM library_meta WHERE key = ?')
  const setStmt = db.prepare<[LibraryMetaKey, string]>(
    'INSERT INTO library_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  const deleteStmt = db.prepare<[LibraryMetaKey]>('DELETE FROM library_meta WHERE key = ?')
  return {
    /** Forgets a key. */
    delete(key: LibraryMetaKey): void {
      deleteStmt.run(key)
    },
    get(key: LibraryMetaKey): string | undefined {
      return getStmt.get(key)?.value
    },
    set(key: LibraryMetaKey, value: string): void {
      setStmt.run(key, value)
    },
  }
}
export type LibraryMetaRepo = ReturnType<typeof createLibraryMetaRepo>
