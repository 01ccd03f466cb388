import type { PostgresMigration } from '../postgres-migration'

/**
 * The trash's journal, as a library's migration 0070 keeps it: the same columns, checks, keys, indexes and ON DELETE
 * rule. A library orders batches and entries by SQLite's implicit rowid (the order they were written); here that
 * order is an identity column named `rowid`, so one `ORDER BY rowid` reads on both engines. The snapshots
 * (`asset_row`, `dependents`, `thumbnails`) stay text, as the repository alone reads them. `videos` (0030) already
 * has every stored column a library's snapshot holds.
 */
export const migration: PostgresMigration = {
  version: 130,
  name: 'trash',
  up: `
    CREATE TABLE trash_batches (
      rowid         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      id            text PRIMARY KEY,
      created_at    text NOT NULL,
      state         text NOT NULL
                    CHECK (state IN ('moving', 'trashed', 'restoring', 'restored', 'emptying', 'emptied')),
      deleted_by    text NOT NULL,
      assets        integer NOT NULL,
      owner_pid     bigint,
      owner_started text,
      finished_at   text
    );
    CREATE INDEX trash_batches_created_at ON trash_batches (created_at);
    CREATE INDEX trash_batches_unfinished ON trash_batches (state)
      WHERE state IN ('moving', 'restoring', 'emptying');

    CREATE TABLE trash_entries (
      rowid        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      batch_id     text NOT NULL REFERENCES trash_batches (id) ON DELETE CASCADE,
      asset_id     text NOT NULL,
      name         text NOT NULL,
      storage      text NOT NULL CHECK (storage IN ('copy', 'link')),
      asset_row    text NOT NULL,
      dependents   text NOT NULL,
      library_path text NOT NULL,
      trash_path   text,
      thumbnails   text NOT NULL,
      bytes        bigint NOT NULL,
      PRIMARY KEY (batch_id, asset_id)
    );
  `,
}
