import type { PostgresMigration } from '../postgres-migration'

/** What was deleted or removed on the hub, by whom and when (issue 64 point 2), as a library's migration 0540 keeps it. */
export const migration: PostgresMigration = {
  version: 300,
  name: 'removals',
  up: `
    CREATE TABLE removals (
      kind       text NOT NULL CHECK (kind IN ('asset', 'tag', 'member', 'collection')),
      hash       text NOT NULL,
      name       text COLLATE nocase NOT NULL,
      removed_by text NOT NULL,
      removed_at text NOT NULL,
      PRIMARY KEY (kind, hash, name)
    );
  `,
}
