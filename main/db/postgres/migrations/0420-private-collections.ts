import type { PostgresMigration } from '../postgres-migration'

/** A collection's owner (private collections), its name unique per owner, as a library's migration 0770. */
export const migration: PostgresMigration = {
  version: 420,
  name: 'private-collections',
  up: `
    ALTER TABLE collections DROP CONSTRAINT collections_name_key;
    ALTER TABLE collections ADD COLUMN owner_id bigint REFERENCES people (id) ON DELETE CASCADE;
    CREATE UNIQUE INDEX collections_owner_name ON collections ((coalesce(owner_id, 0)), name);
  `,
}
