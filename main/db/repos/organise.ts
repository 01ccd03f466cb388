import type { TagCount } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'

/** Tags, ratings, notes and display names of assets, on either engine. A library's FTS follows through its triggers. */
export function createOrganiseRepo(sql: SqlEngine) {
  const tagByName = (name: string) =>
    sql.get<{ id: number; name: string }>('SELECT id, name FROM tags WHERE name = ?', [name])
  return {
    /** Which of `ids` exist. */
    async knownIds(ids: readonly string[]): Promise<Set<string>> {
      const rows = await sql.all<{ id: string }>(
        `SELECT id FROM videos WHERE id IN (SELECT value FROM ${jsonValues(sql.dialect)})`,
        [JSON.stringify(ids)],
      )
      return new Set(rows.map((row) => row.id))
    },
    /** The tag named `name` (any case), created when missing; `created` tells which. */
    async ensureTag(name: string): Promise<{ id: number; name: string; created: boolean }> {
      const { changes } = await sql.run('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING', [name])
      return { ...(await tagByName(name))!, created: changes > 0 }
    },
    tagByName,
    /** Links a tag to an asset; false when it was already there. */
    link: async (assetId: string, tagId: number): Promise<boolean> =>
      (
        await sql.run('INSERT INTO asset_tags (asset_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [
          assetId,
          tagId,
        ])
      ).changes > 0,
    /** Unlinks a tag from an asset; false when it was not there. */
    unlink: async (assetId: string, tagId: number): Promise<boolean> =>
      (await sql.run('DELETE FROM asset_tags WHERE asset_id = ? AND tag_id = ?', [assetId, tagId])).changes > 0,
    /** An asset's tags, by name in any case. */
    async tagsOf(assetId: string): Promise<string[]> {
      const rows = await sql.all<{ name: string }>(
        `SELECT t.name FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = ?
         ORDER BY t.name COLLATE NOCASE, t.id`,
        [assetId],
      )
      return rows.map((row) => row.name)
    },
    /** Tags most used first; `prefix` is matched case-insensitively as typed (no wildcards). */
    list(prefix: string | null, limit: number): Promise<TagCount[]> {
      const pattern = prefix === null ? null : `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      return sql.all(
        `SELECT t.id, t.name, (SELECT count(*) FROM asset_tags a WHERE a.tag_id = t.id) AS count
         FROM tags t WHERE CAST(? AS text) IS NULL OR t.name LIKE ? ESCAPE '\\'
         ORDER BY count DESC, t.name, t.id LIMIT ?`,
        [pattern, pattern, limit],
      )
    },
    /** Sets the rating; false when it already had it. */
    setRating: async (id: string, rating: number): Promise<boolean> =>
      (await sql.run('UPDATE videos SET rating = ? WHERE id = ? AND rating <> ?', [rating, id, rating])).changes > 0,
    setNotes: async (id: string, notes: string | null): Promise<boolean> =>
      (await sql.run('UPDATE videos SET notes = ? WHERE id = ?', [notes, id])).changes > 0,
    rename: async (id: string, name: string): Promise<boolean> =>
      (await sql.run('UPDATE videos SET name = ? WHERE id = ?', [name, id])).changes > 0,
  }
}
export type OrganiseRepo = ReturnType<typeof createOrganiseRepo>
