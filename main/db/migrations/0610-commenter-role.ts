import { changeTriggers } from '../schema/change-triggers'
import { CATALOGUE } from '../schema/index'
import { people } from '../schema/tables/people'
import type { Migration } from '../migration'

/**
 * A fourth role, `commenter` (issue 60 point 3: a viewer who may also comment and set review status, for clients).
 * SQLite cannot change a CHECK in place, so `people` is made again with its rows and its change triggers. Dropping
 * it would cascade to `access_tokens` (foreign keys are on while migrating, and cannot be turned off inside the
 * transaction), so the tokens are kept aside and put back with their ids. A hub swaps its CHECK (its migration 0350).
 */
export const migration: Migration = {
  version: 610,
  name: 'commenter-role',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE access_tokens_kept AS SELECT * FROM access_tokens;
      CREATE TABLE people_next (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role       TEXT NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'admin')),
        created_at TEXT NOT NULL,
        created_by TEXT
      ) STRICT;
      INSERT INTO people_next (id, name, role, created_at, created_by)
        SELECT id, name, role, created_at, created_by FROM people;
      DROP TABLE people;
      ALTER TABLE people_next RENAME TO people;
      INSERT INTO access_tokens (id, person_id, token_hash, label, created_at, last_used_at, revoked_at)
        SELECT id, person_id, token_hash, label, created_at, last_used_at, revoked_at FROM access_tokens_kept;
      DROP TABLE access_tokens_kept;
    `)
    for (const statement of changeTriggers(people, 'sqlite', CATALOGUE)) db.exec(statement)
  },
}
