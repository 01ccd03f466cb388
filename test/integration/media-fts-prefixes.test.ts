import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { toMatchExpression } from '../../main/services/assets/media-search'
import { tempDir } from '../helpers/temp-dir'

// Migration 0150 makes the full-text index again with prefix indexes of 4 and 5 characters.
const WORDS = ['Kraków', 'interview', 'Zürich', 'Café', 'sunset', 'naïve', 'glacier', 'internal', 'krakatoa']
const QUERIES = [
  'krak',
  'krako',
  'inter',
  'interv',
  'zur',
  'zür',
  'cafe',
  'ca',
  'sunset',
  'nai',
  'glac inter',
  'k',
  'xyz',
]

function seed(db: Database, from: number, count: number): void {
  const video = db.prepare(`INSERT INTO videos (id, name, file_path, original_path, notes) VALUES (?, ?, ?, ?, ?)`)
  const tag = db.prepare(`INSERT INTO tags (name) VALUES (?) ON CONFLICT DO NOTHING`)
  const tagged = db.prepare(`INSERT INTO asset_tags (asset_id, tag_id) SELECT ?, id FROM tags WHERE name = ?`)
  for (let i = from; i < from + count; i++) {
    const word = (k: number) => WORDS[(i * k) % WORDS.length]!
    video.run(`A${i}`, `${word(1)} ${i}.mp4`, `media/${i}.mp4`, `/Footage/${word(3)}/${i}.mp4`, i % 4 ? null : word(5))
    if (i % 3 === 0) {
      tag.run(word(7))
      tagged.run(`A${i}`, word(7))
    }
  }
}

const matches = (db: Database) => {
  const search = db.prepare<[string], number>('SELECT rowid FROM videos_fts WHERE videos_fts MATCH ? ORDER BY rowid')
  return QUERIES.map((query) => search.pluck().all(toMatchExpression(query)!))
}

describe('migration 0150 (longer FTS prefixes)', () => {
  it('keeps every match and rowid of a library made before it, and the triggers keep the new index right', () => {
    const file = path.join(tempDir(), 'library.db')
    const before = openDatabase(
      file,
      migrations.filter((m) => m.version < 150),
    ).db
    seed(before, 0, 300)
    const found = matches(before)
    before.close()

    const { db, migration } = openDatabase(file, migrations)
    try {
      expect(migration.applied).toContain('150-fts-longer-prefixes')
      expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'videos_fts'`).pluck().get()).toMatch(
        /prefix = '2 3 4 5'/,
      )
      expect(matches(db)).toEqual(found)
      expect(found.filter((rows) => rows.length > 0).length).toBeGreaterThan(8)
      // Inserts, tags, renames and deletes after the migration reach the new table through 0060's triggers.
      seed(db, 300, 3)
      db.prepare(`UPDATE videos SET name = 'Krakatoa erupts.mp4' WHERE id = 'A1'`).run()
      db.prepare(`DELETE FROM videos WHERE id = 'A2'`).run()
      const rowid = (id: string) =>
        db.prepare<[string], number>('SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = ?').pluck().get(id)
      const search = db.prepare<[string], number>('SELECT rowid FROM videos_fts WHERE videos_fts MATCH ?').pluck()
      expect(search.all(toMatchExpression('erupt')!)).toEqual([rowid('A1')])
      expect(search.all(toMatchExpression('A302')!)).toEqual([])
      expect(search.all(toMatchExpression('302')!)).toEqual([rowid('A302')])
      expect(db.prepare(`SELECT count(*) FROM videos_fts`).pluck().get()).toBe(302)
    } finally {
      db.close()
    }
  })
})
