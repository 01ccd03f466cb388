import type { Migration } from '../migration'

/**
 * The library's change log (issue 33: typed change events with a sequence and catch-up). Each row is
 * one `library:changed`: `seq` orders every change of the library, whichever process wrote it
 * (AUTOINCREMENT never reuses a pruned number), `tables` is its topics as a JSON array. The log is
 * pruned to its newest rows (main/db/change-log.ts); a client further behind reads everything again.
 */
export const migration: Migration = {
  version: 380,
  name: 'change-log',
  up(db) {
    db.exec(`
      CREATE TABLE change_log (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        tables TEXT NOT NULL,
        at     TEXT NOT NULL
      ) STRICT;
    `)
  },
}
