import type { Database } from 'better-sqlite3'

/** Where one of this library's collections went on a hub: the hub's collection id and its name there. */
export interface PushedCollection {
  collectionId: number
  hubCollectionId: number
  hubName: string
}

/**
 * Which hub collection each collection of this library went to (migration 0560). A person's library alone pushes,
 * so this is a library's repository, not the catalogue's (a hub has no such table).
 */
export function createPushedCollectionsRepo(db: Database) {
  const of = db.prepare<[string], PushedCollection>(
    `SELECT collection_id AS collectionId, hub_collection_id AS hubCollectionId, hub_name AS hubName
     FROM pushed_collections WHERE hub_library = ? ORDER BY collection_id`,
  )
  const note = db.prepare<[string, number, number, string]>(
    `INSERT INTO pushed_collections (hub_library, collection_id, hub_collection_id, hub_name) VALUES (?, ?, ?, ?)
     ON CONFLICT (hub_library, collection_id)
     DO UPDATE SET hub_collection_id = excluded.hub_collection_id, hub_name = excluded.hub_name`,
  )
  return {
    /** Where this library's collections went on the hub whose library id is `hubLibrary`. */
    of: (hubLibrary: string): PushedCollection[] => of.all(hubLibrary),
    /** Notes that the collection went to the hub's collection `hubCollectionId`, named `hubName` there. */
    note(hubLibrary: string, { collectionId, hubCollectionId, hubName }: PushedCollection): void {
      note.run(hubLibrary, collectionId, hubCollectionId, hubName)
    },
  }
}
