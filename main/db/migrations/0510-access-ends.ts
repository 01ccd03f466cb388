import type { Migration } from '../migration'

/**
 * Why a token stopped signing in (issue 64 point 3): when a person is removed, or one of their tokens revoked, each
 * token's hash is kept here with who ended it and when, so the window it still signs in can say "Your access to …
 * was removed by <name>" rather than a bare 401. A hub keeps the same table (its migration 0270).
 */
export const migration: Migration = {
  version: 510,
  name: 'access-ends',
  up(db) {
    db.exec(`
      CREATE TABLE access_ends (
        token_hash  TEXT PRIMARY KEY,
        person_id   INTEGER NOT NULL,
        person_name TEXT NOT NULL,
        reason      TEXT NOT NULL CHECK (reason IN ('removed', 'revoked')),
        ended_by    TEXT,
        ended_at    TEXT NOT NULL
      ) STRICT;
    `)
  },
}
