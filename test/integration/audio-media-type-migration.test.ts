import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations as shipped } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { tempDir } from '../helpers/temp-dir'

const BEFORE = shipped.filter((m) => m.version < 190)
const insert = (db: Database.Database, id: string, type: string) =>
  db
    .prepare('INSERT INTO videos (id, name, file_path, media_type) VALUES (?, ?, ?, ?)')
    .run(id, `${id} take`, `/media/${id}`, type)

describe('migration 0190: audio media type', () => {
  it('widens the media_type check in place: old rows, triggers and the full-text index carry on', () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(file, BEFORE).db
    insert(old, 'v1', 'video')
    expect(() => insert(old, 'a0', 'audio')).toThrow(/CHECK constraint failed/)
    // A connection of another process, open across the upgrade.
    const other = new Database(file)
    other.pragma('busy_timeout = 5000')
    old.close()

    const { db, migration } = openDatabase(file, shipped)
    try {
      expect(migration.applied[0]).toBe('190-audio-media-type')
      insert(db, 'a1', 'audio')
      expect(() => insert(db, 's1', 'sound')).toThrow(/CHECK constraint failed/)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const byWord = db
        .prepare<[], string>(
          "SELECT v.id FROM videos_fts f JOIN videos v ON v.rowid = f.rowid WHERE videos_fts MATCH 'take' ORDER BY v.id",
        )
        .pluck()
        .all()
      expect(byWord).toEqual(['a1', 'v1'])
      expect(() => db.prepare('INSERT INTO sqlite_master (type) VALUES (?)').run('x')).toThrow(/may not be modified/)
      insert(other, 'a2', 'audio')
      expect(db.prepare("SELECT count(*) FROM videos WHERE media_type = 'audio'").pluck().get()).toBe(2)
    } finally {
      other.close()
      db.close()
    }
  })

  it('refuses a videos table whose check is not the one Framevault wrote, changing nothing', () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(file, BEFORE).db
    old.close()
    const raw = new Database(file)
    raw.unsafeMode(true)
    const version = raw.pragma('schema_version', { simple: true }) as number
    raw.pragma('writable_schema = ON')
    raw
      .prepare("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = 'videos'")
      .run("'video', 'image'", "'video','image'")
    raw.pragma(`schema_version = ${version + 1}`)
    raw.close()
    expect(() => openDatabase(file, shipped)).toThrow(/videos has no CHECK \(media_type IN \('video', 'image'\)\)/)
    const after = new Database(file, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(BEFORE.at(-1)!.version)
    after.close()
  })
})
