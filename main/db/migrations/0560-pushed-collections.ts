import type { Migration } from '../migration'

/**
 * Which collection of a hub each collection of this library went to when it was pushed (issue 64 point 2), so that a
 * push again adds to that one whatever it is called there now, and a collection of the same name someone else made
 * on the hub is never merged into silently. `hub_library` is the hub's library id, `hub_name` the collection's name
 * there as last seen. Only a person's library pushes: a hub keeps no such table.
 */
export const migration: Migration = {
  version: 560,
  name: 'pushed-collections',
  up(db) {
    db.exec(`
      CREATE TABLE pushed_collections (
        hub_library       TEXT NOT NULL,
        collection_id     INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
        hub_collection_id INTEGER NOT NULL,
        hub_name          TEXT NOT NULL,
        PRIMARY KEY (hub_library, collection_id)
      ) STRICT;
    `)
  },
}
