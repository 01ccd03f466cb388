import type { Migration } from '../migration'

/**
 * The trash (issue 8 item 4): deletes as a journal, so a delete interrupted at any point can be
 * finished by the next open, and undone while its files are still in the trash.
 *
 * - `trash_batches`: one row per delete. `state` walks moving → trashed → (restoring → restored |
 *   emptying → emptied); the unfinished states carry the owning process (pid and start time, as
 *   import jobs do), so an open finishes only the batches whose owner is gone. Finished batches
 *   stay as small rows so that an undo of an emptied batch can say so.
 * - `trash_entries`: one row per deleted asset with everything needed to put it back: the
 *   `videos` row and its dependent rows as JSON snapshots (`asset_row`, `dependents`: table →
 *   rows), where its file was (`library_path`, as recorded) and where it is in the trash
 *   (`trash_path`, relative to the library; NULL when the file stays where it is: linked
 *   originals, a file another row still uses, or a file that was already missing), and its
 *   thumbnails (`thumbnails`: [{ from, to, bytes }] relative to the library). An entry is removed
 *   when its asset is restored or its batch emptied; the trash's bytes are a sum over them.
 */
export const migration: Migration = {
  version: 70,
  name: 'trash',
  up(db) {
    db.exec(`
      CREATE TABLE trash_batches (
        id            TEXT PRIMARY KEY,
        created_at    TEXT NOT NULL,
        state         TEXT NOT NULL
                      CHECK (state IN ('moving', 'trashed', 'restoring', 'restored', 'emptying', 'emptied')),
        deleted_by    TEXT NOT NULL,
        assets        INTEGER NOT NULL,
        owner_pid     INTEGER,
        owner_started TEXT,
        finished_at   TEXT
      ) STRICT;
      CREATE INDEX trash_batches_created_at ON trash_batches (created_at);
      CREATE INDEX trash_batches_unfinished ON trash_batches (state)
        WHERE state IN ('moving', 'restoring', 'emptying');

      CREATE TABLE trash_entries (
        batch_id     TEXT NOT NULL REFERENCES trash_batches (id) ON DELETE CASCADE,
        asset_id     TEXT NOT NULL,
        name         TEXT NOT NULL,
        storage      TEXT NOT NULL CHECK (storage IN ('copy', 'link')),
        asset_row    TEXT NOT NULL,
        dependents   TEXT NOT NULL,
        library_path TEXT NOT NULL,
        trash_path   TEXT,
        thumbnails   TEXT NOT NULL,
        bytes        INTEGER NOT NULL,
        PRIMARY KEY (batch_id, asset_id)
      ) STRICT;
    `)
  },
}
