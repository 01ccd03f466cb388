import type { Migration } from '../migration'

/**
 * Watch folders (issue 24 point 11): folders whose new files are imported as they appear.
 *
 * - `watch_folders`: the folder (absolute, unique), copy or link, paused or not.
 * - `watch_files`: each file of a folder the watcher has handed to an import, with the size and
 *   modification time it had then: the same file is never imported twice, across restarts; a file
 *   changed since (another size or time) is a new one.
 * - `watch_events`: what the watcher did, newest last (waiting for a file still being written,
 *   imported, duplicate, failed, paused, resumed, folder missing), trimmed to the last few hundred.
 */
export const migration: Migration = {
  version: 280,
  name: 'watch-folders',
  up(db) {
    db.exec(`
      CREATE TABLE watch_folders (
        id         INTEGER PRIMARY KEY,
        path       TEXT NOT NULL UNIQUE,
        mode       TEXT NOT NULL CHECK (mode IN ('copy', 'link')),
        paused     INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE watch_files (
        folder_id INTEGER NOT NULL REFERENCES watch_folders (id) ON DELETE CASCADE,
        path      TEXT NOT NULL,
        size      INTEGER NOT NULL,
        mtime_ms  REAL NOT NULL,
        outcome   TEXT,
        asset_id  TEXT,
        seen_at   TEXT NOT NULL,
        PRIMARY KEY (folder_id, path)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE watch_events (
        id        INTEGER PRIMARY KEY,
        folder_id INTEGER NOT NULL REFERENCES watch_folders (id) ON DELETE CASCADE,
        at        TEXT NOT NULL,
        kind      TEXT NOT NULL,
        path      TEXT,
        detail    TEXT
      ) STRICT;
      CREATE INDEX watch_events_folder ON watch_events (folder_id, id);
    `)
  },
}
