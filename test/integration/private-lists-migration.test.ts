import path from 'node:path'
import { expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { insertAssets } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Library migrations 0760 and 0770 make saved_searches and collections again (SQLite keeps a UNIQUE it cannot drop):
// a library's searches, collections, their members, shares and push records come through with their ids, the team's.
it('keeps a library’s saved searches and collections, with their members and shares, as the team’s', async () => {
  const file = path.join(tempDir(), 'library.db')
  const before = openDatabase(
    file,
    migrations.filter((m) => m.version <= 750),
  ).db
  await insertAssets(sqliteEngine(before), ['clip', 'still'])
  before.exec(`
    INSERT INTO people (id, name, role, created_at) VALUES (7, 'Cleo', 'commenter', '2026-11-01');
    INSERT INTO saved_searches (id, name, query, filter, created_at, updated_at) VALUES (4, 'Kites', 'kite', '{}', 'a', 'b');
    INSERT INTO collections (id, name, created_at) VALUES (3, 'Picks', '2026-11-02');
    INSERT INTO collection_items (collection_id, video_id, added_at) VALUES (3, 'clip', 'x'), (3, 'still', 'y');
    INSERT INTO collection_shares (collection_id, person_id, shared_at) VALUES (3, 7, 'z');
    INSERT INTO pushed_collections (hub_library, collection_id, hub_collection_id, hub_name) VALUES ('hub', 3, 9, 'Picks');
  `)
  before.close()
  const { db } = openDatabase(file, migrations)
  try {
    expect(db.prepare('SELECT id, name, query, owner_id FROM saved_searches').all()).toEqual([
      { id: 4, name: 'Kites', query: 'kite', owner_id: null },
    ])
    expect(db.prepare('SELECT id, name, owner_id FROM collections').all()).toEqual([
      { id: 3, name: 'Picks', owner_id: null },
    ])
    expect(db.prepare('SELECT video_id FROM collection_items ORDER BY video_id').pluck().all()).toEqual([
      'clip',
      'still',
    ])
    expect(db.prepare('SELECT collection_id, person_id FROM collection_shares').all()).toEqual([
      { collection_id: 3, person_id: 7 },
    ])
    expect(db.prepare('SELECT hub_collection_id FROM pushed_collections').pluck().all()).toEqual([9])
    expect(db.pragma('foreign_key_check')).toEqual([])
  } finally {
    db.close()
  }
})
