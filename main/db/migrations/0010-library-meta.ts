import { randomUUID } from 'node:crypto'
import type { Migration } from '../migration'

/** Key/value facts about the library itself: its id, name and birth time. */
export const migration: Migration = {
  version: 10,
  name: 'library-meta',
  up(db) {
    db.exec(`
      CREATE TABLE library_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `)
    const insert = db.prepare('INSERT INTO library_meta (key, value) VALUES (?, ?)')
    insert.run('library_id', randomUUID())
    insert.run('created_at', new Date().toISOString())
    insert.run('name', 'Framevault library')
  },
}
