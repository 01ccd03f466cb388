import type { Migration } from '../migration'

/**
 * Renames logged in migration 0140's facet change log, as inserts and deletes are: the sort orders held in memory
 * (main/services/browse/sort-orders.ts) follow the log, and a rename moves an asset in the order by name.
 */
export const migration: Migration = {
  version: 480,
  name: 'rename-changes',
  up(db) {
    db.exec(`
      CREATE TRIGGER facet_changes_rename AFTER UPDATE OF name ON videos BEGIN
        INSERT INTO facet_changes (video_rowid) VALUES (new.rowid);
      END;
    `)
  },
}
