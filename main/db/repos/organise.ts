import type { TagCount } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { visibleMembers } from './visible-members'

const idSet = (rows: ReadonlyArray<{ id: string }>) => new Set(rows.map((row) => row.id))

/** Tags, ratings, notes and display names of assets, on either engine. A library's FTS follows through its triggers. */
export function createOrganiseRepo(sql: SqlEngine) {
  const tagByName = (name: string) =>
    sql.get<{ id: number; name: string }>('SELECT id, name FROM tags WHERE name = ?', [name])
  return {
    /** Which of `ids` exist. */
    async knownIds(ids: readonly string[]): Promise<Set<string>> {
      return idSet(
        await sql.all(`SELECT id FROM videos WHERE id IN (SELECT value FROM ${jsonValues(sql.dialect)})`, [
          JSON.stringify(ids),
        ]),
      )
    },
    /** The tag named `name` (any case), created when missing; `created` tells which. */
    async ensureTag(name: string): Promise<{ id: number; name: string; created: boolean }> {
      const { changes } = await sql.run('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING', [name])
      return { ...(await tagByName(name))!, created: changes > 0 }
    },
    tagByName,
    /** Links a tag to assets in one statement; the ids it was not on yet. */
    link: async (tagId: number, assetIds: readonly string[]): Promise<Set<string>> =>
      idSet(
        await sql.all(
          `INSERT INTO asset_tags (asset_id, tag_id)
           SELECT value, CAST(? AS bigint) FROM ${jsonValues(sql.dialect)} WHERE true
           ON CONFLICT DO NOTHING RETURNING asset_id AS id`,
          [tagId, JSON.stringify(assetIds)],
        ),
      ),
    /** Unlinks a tag from assets in one statement; the ids it was on. */
    unlink: async (tagId: number, assetIds: readonly string[]): Promise<Set<string>> =>
      idSet(
        await sql.all(
          `DELETE FROM asset_tags WHERE tag_id = ? AND asset_id IN (SELECT value FROM ${jsonValues(sql.dialect)})
           RETURNING asset_id AS id`,
          [tagId, JSON.stringify(assetIds)],
        ),
      ),
    /** An asset's tags, by name in any case. */
    async tagsOf(assetId: string): Promise<string[]> {
      const rows = await sql.all<{ name: string }>(
        `SELECT t.name FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = ?
         ORDER BY t.name COLLATE NOCASE, t.id`,
        [assetId],
      )
      return rows.map((row) => row.name)
    },
    /**
     * Tags most used first; `prefix` is matched case-insensitively as typed (no wildcards). With `visibleIn` (a JSON
     * list of collection ids: what a limited person sees), counted over their members, and only the tags they carry.
     */
    list(prefix: string | null, limit: number, visibleIn: string | null = null): Promise<TagCount[]> {
      const pattern = prefix === null ? null : `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      return sql.all(
        `SELECT id, name, count FROM (
           SELECT t.id, t.name, (SELECT count(*) FROM asset_tags a WHERE a.tag_id = t.id
             AND (CAST(? AS text) IS NULL OR a.asset_id IN (${visibleMembers(jsonValues(sql.dialect))}))) AS count
           FROM tags t WHERE CAST(? AS text) IS NULL OR t.name LIKE ? ESCAPE '\\') AS counted
         WHERE CAST(? AS text) IS NULL OR count > 0
         ORDER BY count DESC, name, id LIMIT ?`,
        [visibleIn, visibleIn, pattern, pattern, visibleIn, limit],
      )
    },
    /** Sets the rating of assets in one statement; the ids that had another. */
    setRating: async (assetIds: readonly string[], rating: number): Promise<Set<string>> =>
      idSet(
        await sql.all(
          `UPDATE videos SET rating = ?
           WHERE id IN (SELECT value FROM ${jsonValues(sql.dialect)}) AND rating <> ? RETURNING id`,
          [rating, JSON.stringify(assetIds), rating],
        ),
      ),
    /** An asset's editable fields as stored, or undefined when there is no such asset. */
    editable: (id: string) =>
      sql.get<{ name: string; notes: string | null; rating: number }>(
        'SELECT name, notes, rating FROM videos WHERE id = ?',
        [id],
      ),
    setNotes: async (id: string, notes: string | null): Promise<boolean> =>
      (await sql.run('UPDATE videos SET notes = ? WHERE id = ?', [notes, id])).changes > 0,
    rename: async (id: string, name: string): Promise<boolean> =>
      (await sql.run('UPDATE videos SET name = ? WHERE id = ?', [name, id])).changes > 0,
  }
}
export type OrganiseRepo = ReturnType<typeof createOrganiseRepo>
