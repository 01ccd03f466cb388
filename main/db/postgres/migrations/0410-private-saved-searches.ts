import type { PostgresMigration } from '../postgres-migration'

/** A saved search's owner, its name unique per owner, as a library's migration 0760. */
export const migration: PostgresMigration = {
  version: 410,
  name: 'private-saved-searches',
  up: `
    ALTER TABLE saved_searches DROP CONSTRAINT saved_searches_name_key;
    ALTER TABLE saved_searches ADD COLUMN owner_id bigint REFERENCES people (id) ON DELETE CASCADE;
    CREATE UNIQUE INDEX saved_searches_owner_name ON saved_searches ((coalesce(owner_id, 0)), name);
  `,
}
