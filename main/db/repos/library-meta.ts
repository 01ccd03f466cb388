import type { SqlEngine } from '../sql/sql-engine'

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

/** Reads and writes the library's own key/value facts (a library's migration 0010, a hub's 0150), on either engine. */
export function createLibraryMetaRepo(sql: SqlEngine) {
  return {
    /** Forgets a key. */
    async delete(key: LibraryMetaKey): Promise<void> {
      await sql.run('DELETE FROM library_meta WHERE key = ?', [key])
    },
    async get(key: LibraryMetaKey): Promise<string | undefined> {
      return (await sql.get<{ value: string }>('SELECT value FROM library_meta WHERE key = ?', [key]))?.value
    },
    async set(key: LibraryMetaKey, value: string): Promise<void> {
      await sql.run(
        'INSERT INTO library_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      )
    },
  }
}
export type LibraryMetaRepo = ReturnType<typeof createLibraryMetaRepo>
