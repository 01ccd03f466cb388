import type { Migration } from '../migration'

/**
 * The people of a library shared as a team library (issue 34 point 4), as a hub keeps them (its migration 0060):
 * - `people`: a name unique in any case and a role (viewer, editor, admin; shared/access.ts).
 * - `access_tokens`: the API tokens a person signs in with, by their SHA-256 alone (a token is 256 random bits, so
 *   a fast hash is safe to keep; the token itself is shown once, when it is made); a revoked token stays, marked,
 *   so a list of tokens shows what was revoked and when.
 */
export const migration: Migration = {
  version: 450,
  name: 'people',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role       TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        created_at TEXT NOT NULL,
        created_by TEXT
      ) STRICT;
      CREATE TABLE access_tokens (
        id           INTEGER PRIMARY KEY,
        person_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        token_hash   TEXT NOT NULL UNIQUE,
        label        TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at   TEXT
      ) STRICT;
      CREATE INDEX access_tokens_person ON access_tokens (person_id);
    `)
  },
}
