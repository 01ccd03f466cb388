import type { Database } from 'better-sqlite3'
import type { Collection, CollectionRef } from '../../../shared/contract'

const COLUMNS = `c.id, c.name, c.created_at AS createdAt,
  (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id) AS count`

/** Collections and their members (migration 0090). */
export function createCollectionsRepo(db: Database) {
  const listStmt = db.prepare<[], Collection>(`SELECT ${COLUMNS} FROM collections c ORDER BY c.name, c.id`)
  const getStmt = db.prepare<[number], Collection>(`SELECT ${COLUMNS} FROM collections c WHERE c.id = ?`)
  const byNameStmt = db.prepare<[string], Collection>(`SELECT ${COLUMNS} FROM collections c WHERE c.name = ?`)
  const createStmt = db.prepare<[string, string]>('INSERT INTO collections (name, created_at) VALUES (?, ?)')
  const renameStmt = db.prepare<[string, number]>('UPDATE collections SET name = ? WHERE id = ?')
  const deleteStmt = db.prepare<[number]>('DELETE FROM collections WHERE id = ?')
  // One statement per bulk call (ids as a JSON array); RETURNING tells which rows changed.
  const addStmt = db
    .prepare<[number, string, string], string>(
      `INSERT INTO collection_items (collection_id, video_id, added_at)
       SELECT ?, value, ? FROM json_each(?) WHERE true
       ON CONFLICT DO NOTHING RETURNING video_id`,
    )
    .pluck()
  const removeStmt = db
    .prepare<[number, string], string>(
      `DELETE FROM collection_items WHERE collection_id = ? AND video_id IN (SELECT value FROM json_each(?))
       RETURNING video_id`,
    )
    .pluck()
  const ofAssetStmt = db.prepare<[string], CollectionRef>(
    `SELECT c.id, c.name FROM collection_items i JOIN collections c ON c.id = i.collection_id
     WHERE i.video_id = ? ORDER BY c.name, c.id`,
  )

  return {
    /** Every collection with its asset count, by name (case-insensitive). */
    list(): Collection[] {
      return listStmt.all()
    },
    get(id: number): Collection | undefined {
      return getStmt.get(id)
    },
    /** The collection named `name` in any case. */
    byName(name: string): Collection | undefined {
      return byNameStmt.get(name)
    },
    /** Creates a collection; throws SQLITE_CONSTRAINT_UNIQUE when the name is taken. */
    create(name: string, createdAt: string): Collection {
      const id = Number(createStmt.run(name, createdAt).lastInsertRowid)
      return getStmt.get(id)!
    },
    /** Renames a collection; false when there is none with that id. */
    rename(id: number, name: string): boolean {
      return renameStmt.run(name, id).changes > 0
    },
    /** Deletes a collection (its items go with it); false when there is none with that id. */
    delete(id: number): boolean {
      return deleteStmt.run(id).changes > 0
    },
    /** Adds assets (known ids only) to a collection; returns the ids that were not in it yet. */
    add(collectionId: number, ids: readonly string[], addedAt: string): string[] {
      return addStmt.all(collectionId, addedAt, JSON.stringify(ids))
    },
    /** Takes assets out of a collection; returns the ids that were in it. */
    remove(collectionId: number, ids: readonly string[]): string[] {
      return removeStmt.all(collectionId, JSON.stringify(ids))
    },
    /** The collections an asset is in, by name. */
    ofAsset(assetId: string): CollectionRef[] {
      return ofAssetStmt.all(assetId)
    },
  }
}
export type CollectionsRepo = ReturnType<typeof createCollectionsRepo>
