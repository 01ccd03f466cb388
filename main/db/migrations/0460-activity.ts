import type { Migration } from '../migration'

/**
 * What each person changed in a team library (issue 34 point 4: every change recorded with who made it), as a hub
 * keeps it (its migration 0100): one row per call that changed something, with the caller's name as it was then
 * (a removed person's activity stays theirs) and the call's input, capped.
 */
export const migration: Migration = {
  version: 460,
  name: 'activity',
  up(db) {
    db.exec(`
      CREATE TABLE activity (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        person_id INTEGER,
        person    TEXT NOT NULL,
        channel   TEXT NOT NULL,
        input     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX activity_person ON activity (person_id, id);
    `)
  },
}
