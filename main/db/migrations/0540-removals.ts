import type { Migration } from '../migration'

/**
 * What was deleted or removed in a team library, by whom and when (issue 64 point 2), so a push from someone's
 * library never puts it back. A hub keeps the same table (its migration 0300). One row per thing removed:
 * - `asset`: a content deleted (`hash`, `name` empty);
 * - `tag`: a tag (`name`) taken off a content (`hash`);
 * - `member`: a content (`hash`) taken out of a collection (`name`);
 * - `collection`: a collection (`name`, `hash` empty) deleted.
 * Contents go by their "sha256:…" hash, names in any case as tags and collections compare them. A row goes when
 * its removal is undone.
 */
export const migration: Migration = {
  version: 540,
  name: 'removals',
  up(db) {
    db.exec(`
      CREATE TABLE removals (
        kind       TEXT NOT NULL CHECK (kind IN ('asset', 'tag', 'member', 'collection')),
        hash       TEXT NOT NULL,
        name       TEXT NOT NULL COLLATE NOCASE,
        removed_by TEXT NOT NULL,
        removed_at TEXT NOT NULL,
        PRIMARY KEY (kind, hash, name)
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
