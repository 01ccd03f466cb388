import type { Database } from 'better-sqlite3'
import type { TagCount } from '../../../shared/contract'

/** Tags, ratings, notes and display names of assets. FTS follows through migration 0060's triggers. */
export function createOrganiseRepo(db: Database) {
  const knownIdsStmt = db
    .prepare<[string], string>('SELECT id FROM videos WHERE id IN (SELECT value FROM json_each(?))')
    .pluck()
  const insertTagStmt = db.prepare<[string]>('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING')
  const tagByNameStmt = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM tags WHERE name = ?')
  const linkStmt = db.prepare<[string, number]>('INSERT OR IGNORE INTO asset_tags (asset_id, tag_id) VALUES (?, ?)')
  const unlinkStmt = db.prepare<[string, number]>('DELETE FROM asset_tags WHERE asset_id = ? AND tag_id = ?')
  const tagsOfStmt = db
    .prepare<[string], string>(
      'SELECT t.name FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = ? ORDER BY t.name COLLATE NOCASE',
    )
    .pluck()
  const listStmt = db.prepare<{ prefix: string | null; limit: number }, TagCount>(
    `SELECT t.id, t.name, (SELECT count(*) FROM asset_tags a WHERE a.tag_id = t.id) AS count
     FROM tags t WHERE @prefix IS NULL OR t.name LIKE @prefix ESCAPE '\\'
     ORDER BY count DESC, t.name LIMIT @limit`,
  )
  const setRatingStmt = db.prepare<[number, string, number]>(
    'UPDATE videos SET rating = ? WHERE id = ? AND rating <> ?',
  )
  const setNotesStmt = db.prepare<[string | null, string]>('UPDATE videos SET notes = ? WHERE id = ?')
  const renameStmt = db.prepare<[string, string]>('UPDATE videos SET name = ? WHERE id = ?')

  return {
    /** Which of `ids` exist. */
    knownIds(ids: readonly string[]): Set<string> {
      return new Set(knownIdsStmt.all(JSON.stringify(ids)))
    },
    /** The tag named `name` (any case), created when missing; `created` tells which. */
    ensureTag(name: string): { id: number; name: string; created: boolean } {
      const created = insertTagStmt.run(name).changes > 0
      return { ...tagByNameStmt.get(name)!, created }
    },
    tagByName(name: string): { id: number; name: string } | undefined {
      return tagByNameStmt.get(name)
    },
    /** Links a tag to an asset; false when it was already there. */
    link(assetId: string, tagId: number): boolean {
      return linkStmt.run(assetId, tagId).changes > 0
    },
    /** Unlinks a tag from an asset; false when it was not there. */
    unlink(assetId: string, tagId: number): boolean {
      return unlinkStmt.run(assetId, tagId).changes > 0
    },
    tagsOf(assetId: string): string[] {
      return tagsOfStmt.all(assetId)
    },
    /** Tags most used first; `prefix` is matched case-insensitively as typed (no wildcards). */
    list(prefix: string | null, limit: number): TagCount[] {
      const pattern = prefix === null ? null : `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      return listStmt.all({ prefix: pattern, limit })
    },
    /** Sets the rating; false when it already had it. */
    setRating(id: string, rating: number): boolean {
      return setRatingStmt.run(rating, id, rating).changes > 0
    },
    setNotes(id: string, notes: string | null): boolean {
      return setNotesStmt.run(notes, id).changes > 0
    },
    rename(id: string, name: string): boolean {
      return renameStmt.run(name, id).changes > 0
    },
  }
}
export type OrganiseRepo = ReturnType<typeof createOrganiseRepo>
