import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { migratePostgres } from '../../main/db/postgres/migrate-postgres'
import { postgresMigrations } from '../../main/db/postgres/migrations/index'
import { freshHubDatabase } from '../helpers/sql-engines'

// Two assets in two collections, as a hub holds them before migration 0480.
const BEFORE = [
  `INSERT INTO videos (id, name, file_path, created_at, size_bytes, duration_seconds)
   VALUES ('clip', 'Clip.mp4', '/library/clip.mp4', '2026-11-25T10:00:00Z', 5000, 12.5)`,
  `INSERT INTO videos (id, name, file_path, created_at) VALUES ('still', 'still.png', '/library/still.png', '2026-11-26')`,
  `INSERT INTO collections (id, name, created_at) VALUES (1, 'Picks', '2026-11-26'), (2, 'Moodboard', '2026-11-26')`,
  `INSERT INTO collection_items (collection_id, video_id, added_at)
   VALUES (1, 'clip', '2026-11-26'), (1, 'still', '2026-11-26'), (2, 'clip', '2026-11-27')`,
]

describe("a hub's migration 0480 (each collection's members by sort order)", () => {
  it('copies the sort keys and words of every member there is, and follows members and assets after', async () => {
    const { url } = await freshHubDatabase({ migrate: false })
    const pool = new pg.Pool({ connectionString: url, max: 1 })
    onTestFinished(() => pool.end())
    await migratePostgres(
      pool,
      postgresMigrations.filter((migration) => migration.version < 480),
    )
    for (const statement of BEFORE) await pool.query(statement)
    expect((await migratePostgres(pool, postgresMigrations)).applied).toContain('480-collection-order')
    const order = async () =>
      (
        await pool.query(
          `SELECT collection_id AS c, video_id AS id, sort_imported AS imported, sort_name AS name,
             sort_duration AS duration, sort_size::int AS size, search_document @@ 'zebra:*' AS zebra FROM collection_order ORDER BY collection_id, video_id`,
        )
      ).rows
    const clip = {
      id: 'clip',
      imported: '2026-11-25T10:00:00Z',
      name: 'clip.mp4',
      duration: 12.5,
      size: 5000,
      zebra: false,
    }
    const still = { id: 'still', imported: '2026-11-26', name: 'still.png', duration: -1, size: -1, zebra: false }
    expect(await order()).toEqual([
      { c: '1', ...clip },
      { c: '1', ...still },
      { c: '2', ...clip },
    ])

    await pool.query(`UPDATE videos SET name = 'Zebra.mp4', size_bytes = 7000 WHERE id = 'clip'`)
    await pool.query(`DELETE FROM collection_items WHERE collection_id = 1 AND video_id = 'still'`)
    await pool.query(
      `INSERT INTO collection_items (collection_id, video_id, added_at) VALUES (2, 'still', '2026-11-28')`,
    )
    const zebra = { ...clip, name: 'zebra.mp4', size: 7000, zebra: true }
    expect(await order()).toEqual([
      { c: '1', ...zebra },
      { c: '2', ...zebra },
      { c: '2', ...still },
    ])
    await pool.query(`UPDATE collection_items SET video_id = 'still' WHERE collection_id = 1`)
    await pool.query(`DELETE FROM collections WHERE id = 2`)
    expect(await order()).toEqual([{ c: '1', ...still }])
    await pool.query(`DELETE FROM videos WHERE id = 'still'`)
    expect(await order()).toEqual([])
  })
})
