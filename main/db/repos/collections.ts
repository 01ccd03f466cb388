import type { Collection, CollectionRef } from '../../../shared/contract'
import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'
import { versionColumn } from './edit-versions'

const COLUMNS = `c.id, c.name, c.created_at AS "createdAt", c.owner_id AS "ownerId",
  (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id) AS count,
  ${versionColumn('collection', 'c.id', 'name')} AS version`

/** Collections and their members (a library's migration 0090, a hub's 0050), on either engine. */
export function createCollectionsRepo(sql: SqlEngine) {
  const get = (id: number) => sql.get<Collection>(`SELECT ${COLUMNS} FROM collections c WHERE c.id = ?`, [id])
  const idsOf = (rows: Array<{ id: string }>) => rows.map((row) => row.id)
  return {
    /**
     * The team's collections and the private ones of `personId` (every collection for `'all'`: a library pushing
     * itself), each with its asset count, by name (case-insensitive).
     */
    list: (personId: number | null | 'all'): Promise<Collection[]> =>
      personId === 'all'
        ? sql.all(`SELECT ${COLUMNS} FROM collections c ORDER BY c.name, c.id`)
        : sql.all(
            `SELECT ${COLUMNS} FROM collections c WHERE coalesce(c.owner_id, 0) IN (0, ?) ORDER BY c.name, c.id`,
            [personId ?? 0],
          ),
    get,
    /** The ids of the private collections of people other than `personId` (none is theirs on a library of one). */
    othersPrivate: async (personId: number | null): Promise<number[]> =>
      (
        await sql.all<{ id: number }>('SELECT id FROM collections WHERE owner_id IS NOT NULL AND owner_id <> ?', [
          personId ?? 0,
        ])
      ).map((row) => row.id),
    /** The collection named `name` in any case, of this owner (null: the team's). */
    byName: (name: string, ownerId: number | null = null): Promise<Collection | undefined> =>
      sql.get(`SELECT ${COLUMNS} FROM collections c WHERE coalesce(c.owner_id, 0) = ? AND c.name = ?`, [
        ownerId ?? 0,
        name,
      ]),
    /** Creates a collection (a person's private one with `ownerId`); a name taken in any case throws UniqueViolation. */
    async create(name: string, createdAt: string, ownerId: number | null = null): Promise<Collection> {
      const created = await sql.get<{ id: number }>(
        'INSERT INTO collections (name, created_at, owner_id) VALUES (?, ?, ?) RETURNING id',
        [name, createdAt, ownerId],
      )
      return (await get(created!.id))!
    },
    /** Renames a collection; false when there is none with that id. */
    rename: async (id: number, name: string): Promise<boolean> =>
      (await sql.run('UPDATE collections SET name = ? WHERE id = ?', [name, id])).changes > 0,
    /** Deletes a collection (its items go with it); false when there is none with that id. */
    delete: async (id: number): Promise<boolean> =>
      (await sql.run('DELETE FROM collections WHERE id = ?', [id])).changes > 0,
    /** Adds assets (known ids only) to a collection in one statement; returns the ids that were not in it yet. */
    add: async (collectionId: number, ids: readonly string[], addedAt: string): Promise<string[]> =>
      idsOf(
        await sql.all(
          `INSERT INTO collection_items (collection_id, video_id, added_at)
           SELECT CAST(? AS bigint), value, CAST(? AS text) FROM ${jsonValues(sql.dialect)} WHERE true
           ON CONFLICT DO NOTHING RETURNING video_id AS id`,
          [collectionId, addedAt, JSON.stringify(ids)],
        ),
      ),
    /** Takes assets out of a collection; returns the ids that were in it. */
    remove: async (collectionId: number, ids: readonly string[]): Promise<string[]> =>
      idsOf(
        await sql.all(
          `DELETE FROM collection_items
           WHERE collection_id = ? AND video_id IN (SELECT value FROM ${jsonValues(sql.dialect)})
           RETURNING video_id AS id`,
          [collectionId, JSON.stringify(ids)],
        ),
      ),
    /** The ids of a collection's assets, in the order they were added. */
    memberIds: async (collectionId: number): Promise<string[]> =>
      idsOf(
        await sql.all(
          'SELECT video_id AS id FROM collection_items WHERE collection_id = ? ORDER BY added_at, video_id',
          [collectionId],
        ),
      ),
    /** The collections an asset is in, by name. */
    ofAsset: (assetId: string): Promise<CollectionRef[]> =>
      sql.all(
        `SELECT c.id, c.name FROM collection_items i JOIN collections c ON c.id = i.collection_id
         WHERE i.video_id = ? ORDER BY c.name, c.id`,
        [assetId],
      ),
  }
}
export type CollectionsRepo = ReturnType<typeof createCollectionsRepo>
