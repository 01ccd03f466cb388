import { readdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect } from 'vitest'
import { sha256Of } from './ingest'

/** Every regular file below `dir` (none when it is missing). */
export function filesBelow(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
  } catch {
    return []
  }
}

/**
 * The invariants a kill must never break, once the library was opened again (which finishes
 * what the kill cut short), read with a plain connection: every asset row's file is there with
 * its SHA-256; every file in media/ is a row's file (a deleted one is in the trash, not half
 * way); no batch is left half done; every journalled trash file exists. Returns the rows' ids.
 */
export function expectDiskAgreesWithDatabase(library: string): string[] {
  const db = new Database(path.join(library, 'library.db'), { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = db
      .prepare<[], { id: string; file_path: string; file_hash: string }>('SELECT id, file_path, file_hash FROM videos')
      .all()
    for (const row of rows) expect(sha256Of(path.resolve(library, row.file_path)), row.id).toBe(row.file_hash)
    const entries = db
      .prepare<[], { trash_path: string | null; state: string }>(
        'SELECT e.trash_path, b.state FROM trash_entries e JOIN trash_batches b ON b.id = e.batch_id',
      )
      .all()
    const known = new Set(rows.map((row) => path.resolve(library, row.file_path)))
    for (const file of filesBelow(path.join(library, 'media'))) expect(known.has(file), file).toBe(true)
    for (const entry of entries) {
      expect(['trashed'], 'no batch is left half done').toContain(entry.state)
      if (entry.trash_path !== null)
        expect(filesBelow(path.join(library, path.dirname(entry.trash_path)))).toContain(
          path.join(library, entry.trash_path),
        )
    }
    return rows.map((row) => row.id)
  } finally {
    db.close()
  }
}
