import type { Migration } from '../migration'

/**
 * The version of each field people edit (issue 64): a save names the version it was made from, and one made from an
 * older version is refused instead of overwriting a change its author never saw. One generic table, so an asset's
 * name, notes and rating are versioned apart (editing the name never conflicts with the notes) and collections and
 * saved searches use it too. A field never edited has no row: version 0.
 */
export const migration: Migration = {
  version: 500,
  name: 'edit-versions',
  up(db) {
    db.exec(`
      CREATE TABLE edit_versions (
        record_kind TEXT NOT NULL,
        record_id   TEXT NOT NULL,
        field       TEXT NOT NULL,
        version     INTEGER NOT NULL,
        changed_by  TEXT,
        changed_at  TEXT NOT NULL,
        PRIMARY KEY (record_kind, record_id, field)
      ) WITHOUT ROWID;
    `)
  },
}
