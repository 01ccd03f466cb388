import { existsSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { ownedFilePath } from './library-paths'

/** One of the library's copies, found through migration 0490's index of them. */
export const SAMPLE_COPY_SQL = 'SELECT file_path, object_key FROM videos WHERE object_key IS NOT NULL LIMIT 1'

/**
 * Keeps the recorded paths of copied assets pointing into the folder the library is opened from. A copy is read by
 * its object key; its `file_path` mirrors the key in the library folder for the original manager's code and for
 * plugins, which open that path and look their caches up by it. When the library folder was moved (or copied
 * whole), its objects are under the new folder while its rows still name the old one: the mirrors are written
 * again, with the plugin caches' rows, the hash cache's and the trash's entries that name the same files, in one
 * transaction. A folder that does not hold the objects (a library restored from a backup, whose copies stay in
 * the original's folder) keeps its paths, as does one reached again through a symlink to where the rows point.
 * Returns how many assets' paths were written again.
 */
export function keepOwnedPathsCurrent(db: Database, root: string): number {
  const sample = db.prepare<[], { file_path: string; object_key: string }>(SAMPLE_COPY_SQL).get()
  if (!sample) return 0
  const here = ownedFilePath(root, sample.object_key)
  const tail = sample.object_key.split('/').join(path.sep)
  if (sample.file_path === here || !sample.file_path.endsWith(tail) || !existsSync(here)) return 0
  if (existsSync(sample.file_path) && realpathSync(sample.file_path) === realpathSync(here)) return 0
  return rewritePrefix(db, sample.file_path.slice(0, -tail.length), here.slice(0, -tail.length))
}

/** Rewrites the paths that start with `from` to start with `to` instead, where they name the library's own files. */
function rewritePrefix(db: Database, from: string, to: string): number {
  const params = { from, to, length: from.length }
  const starts = (column: string) => `substr(${column}, 1, @length) = @from`
  const moved = (column: string) => `@to || substr(${column}, @length + 1)`
  return db.transaction(() => {
    const assets = db
      .prepare(
        `UPDATE videos SET file_path = ${moved('file_path')} WHERE object_key IS NOT NULL AND ${starts('file_path')}`,
      )
      .run(params).changes
    // Rewriting a cached analysis's path drops its origin note (migration 0340's trigger): the notes are kept.
    const notes = db
      .prepare(
        `SELECT s.* FROM analysis_sources s JOIN analysis_jobs a ON a.id = s.analysis_id WHERE ${starts('a.file_path')}`,
      )
      .all(params)
    db.prepare(
      `UPDATE OR REPLACE analysis_jobs SET file_path = ${moved('file_path')} WHERE ${starts('file_path')}`,
    ).run(params)
    const note = db.prepare(
      `INSERT OR IGNORE INTO analysis_sources (analysis_id, source_database, source_row_id, source_file_path, copied_at)
       VALUES (@analysis_id, @source_database, @source_row_id, @source_file_path, @copied_at)`,
    )
    for (const kept of notes) note.run(kept)
    db.prepare(
      `UPDATE OR REPLACE processing_jobs SET input_path = ${moved('input_path')} WHERE ${starts('input_path')}`,
    ).run(params)
    db.prepare(
      `UPDATE OR REPLACE processing_jobs SET output_path = ${moved('output_path')} WHERE ${starts('output_path')}`,
    ).run(params)
    db.prepare(`UPDATE OR REPLACE file_hash_cache SET path = ${moved('path')} WHERE ${starts('path')}`).run(params)
    db.prepare(
      `UPDATE trash_entries SET library_path = ${moved('library_path')},
         asset_row = json_set(asset_row, '$.file_path', ${moved("json_extract(asset_row, '$.file_path')")})
       WHERE ${starts('library_path')}`,
    ).run(params)
    return assets
  })()
}
