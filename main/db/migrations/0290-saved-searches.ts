import type { Migration } from '../migration'

/**
 * Saved searches (issue 24 point 10): a named filter state of the library view (its words, filters
 * and sort) kept in the library, listed in the side navigation. The filter and sort are the
 * contract's JSON, read back through its schema (a state an older version cannot read opens empty).
 */
export const migration: Migration = {
  version: 290,
  name: 'saved-searches',
  up(db) {
    db.exec(`
      CREATE TABLE saved_searches (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query      TEXT NOT NULL DEFAULT '',
        filter     TEXT NOT NULL DEFAULT '{}',
        sort       TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `)
  },
}
