import path from 'node:path'
import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { migratePostgres } from '../../main/db/postgres/migrate-postgres'
import { postgresMigrations } from '../../main/db/postgres/migrations/index'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// An asset with notes and three comments (one deleted, its words kept by another tool), as a catalogue holds them
// before the migrations that search comments: the same statements on either engine.
const BEFORE = [
  `INSERT INTO videos (id, name, file_path, created_at, notes)
   VALUES ('clip', 'clip.mp4', '/library/clip.mp4', '2026-11-25T10:00:00Z', 'colourist: grading is off')`,
  `INSERT INTO videos (id, name, file_path, created_at) VALUES ('other', 'other.mp4', '/library/other.mp4', '2026-11-25')`,
  `INSERT INTO comments (asset_id, author_name, body, created_at) VALUES ('clip', 'Ada', 'the lanternfish glows', '2026-11-26')`,
  `INSERT INTO comments (asset_id, author_name, body, created_at) VALUES ('clip', 'Cleo', 'agreed, sunfish', '2026-11-26')`,
  `INSERT INTO comments (asset_id, author_name, body, created_at, deleted_at, deleted_by)
   VALUES ('other', 'Ada', 'ghostword', '2026-11-26', '2026-11-27', 'Ada')`,
]

describe('the migrations that search comments make every search text again', () => {
  it("a library's (0790): the comments of an asset at 0770 are found, its notes apart, and new comments follow", () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(
      file,
      migrations.filter((migration) => migration.version <= 770),
    ).db
    for (const statement of BEFORE) old.exec(statement)
    old.close()
    const { db, migration } = openDatabase(file, migrations)
    onTestFinished(() => void db.close())
    expect(migration.applied).toContain('790-search-comments-notes')
    const matches = (expression: string) =>
      db
        .prepare<[string], string>(
          `SELECT k.asset_id FROM videos_fts f JOIN videos_fts_keys k ON k.fts_rowid = f.rowid
           WHERE videos_fts MATCH ? ORDER BY k.asset_id`,
        )
        .pluck()
        .all(expression)

    expect(matches('"lanternf"*')).toEqual(['clip'])
    expect(matches('"sunfi"*')).toEqual(['clip'])
    expect(matches('"ghostw"*')).toEqual([])
    expect(matches('"colouri"*')).toEqual(['clip'])
    expect(matches('- {notes} : ("colouri"*)')).toEqual([])
    expect(matches('- {notes} : ("lanternf"*)')).toEqual(['clip'])
    db.exec(
      `INSERT INTO comments (asset_id, author_name, body, created_at) VALUES ('other', 'Ada', 'pufferfish', '2026-11-28')`,
    )
    expect(matches('"pufferf"*')).toEqual(['other'])
  })

  it("a hub's (0450): each document is made again with the comments, the notes at a weight of their own", async () => {
    const { url } = await freshHubDatabase({ migrate: false })
    const pool = new pg.Pool({ connectionString: url, max: 1 })
    onTestFinished(() => pool.end())
    await migratePostgres(
      pool,
      postgresMigrations.filter((migration) => migration.version <= 430),
    )
    for (const statement of BEFORE) await pool.query(statement)
    expect((await migratePostgres(pool, postgresMigrations)).applied).toContain('450-search-comments-notes')
    const matches = async (words: string, weights: string) => {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT v.id FROM videos v JOIN asset_search s ON s.video_id = v.id
         WHERE s.document @@ fv_prefix_query($1, $2) AND v.search_document @@ fv_prefix_query($1, $2) ORDER BY v.id`,
        [words, weights],
      )
      return rows.map((row) => row.id)
    }

    expect(await matches('lanternf', '')).toEqual(['clip'])
    expect(await matches('sunfi', '')).toEqual(['clip'])
    expect(await matches('ghostw', '')).toEqual([])
    expect(await matches('colouri', '')).toEqual(['clip'])
    expect(await matches('colouri', 'D')).toEqual([])
    expect(await matches('lanternf grading', 'D')).toEqual([])
    expect(await matches('lanternf', 'D')).toEqual(['clip'])
    await pool.query(
      `INSERT INTO comments (asset_id, author_name, body, created_at) VALUES ('other', 'Ada', 'pufferfish', '2026-11-28')`,
    )
    expect(await matches('pufferf', 'D')).toEqual(['other'])
  })
})
