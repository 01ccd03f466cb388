import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations as shipped } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { tempDir } from '../helpers/temp-dir'

const BEFORE = shipped.filter((m) => m.version < 230)

describe('migration 0230: the seeds write into a library', () => {
  it('adds defaults in place, backfills generated source types and keeps every row', () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(file, BEFORE).db
    const video = old.prepare('INSERT INTO videos (id, name, file_path, source_type) VALUES (?, ?, ?, ?)')
    video.run('gen', 'gen.mp4', '/m/gen.mp4', 'uploaded')
    video.run('made', 'made.mp4', '/m/made.mp4', 'processed')
    video.run('plain', 'plain.mp4', '/m/plain.mp4', 'uploaded')
    const details = old.prepare('INSERT INTO video_generation (video_id, prompt) VALUES (?, ?)')
    details.run('gen', 'a lighthouse')
    details.run('made', 'a lighthouse, converted')
    old
      .prepare(
        "INSERT INTO workflows (id, name, definition, format, definition_hash) VALUES ('wf', 'W', '{}', 'native', 'sha256:00')",
      )
      .run()
    old.prepare("INSERT INTO workflow_executions (id, workflow_id, status) VALUES ('queued-run', 'wf', 'queued')").run()
    old.prepare("INSERT INTO workflow_videos (workflow_id, video_id, node_id) VALUES ('wf', 'gen', 'save')").run()
    expect(() => old.prepare("INSERT INTO workflows (id, name, definition) VALUES ('x', 'X', '{}')").run()).toThrow(
      /NOT NULL constraint failed: workflows.format/,
    )
    old.close()

    const { db, migration } = openDatabase(file, shipped)
    try {
      expect(migration.applied[0]).toBe('230-seed-interop')
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      const types = db.prepare('SELECT id, source_type AS type FROM videos ORDER BY id').all()
      expect(types).toEqual([
        { id: 'gen', type: 'generated' },
        { id: 'made', type: 'processed' },
        { id: 'plain', type: 'uploaded' },
      ])
      // Nothing cascaded: the existing execution and association are still there, the queued run not started.
      expect(db.prepare("SELECT started_at FROM workflow_executions WHERE id = 'queued-run'").pluck().get()).toBeNull()
      expect(db.prepare('SELECT count(*) FROM workflow_videos').pluck().get()).toBe(1)
      db.prepare("INSERT INTO workflows (id, name, definition) VALUES ('x', 'X', '{}')").run()
      expect(db.prepare("SELECT format, definition_hash AS hash FROM workflows WHERE id = 'x'").get()).toEqual({
        format: 'native',
        hash: '',
      })
      // The check on format still holds, and the schema is read only again (defensive mode back on).
      expect(() =>
        db.prepare("INSERT INTO workflows (id, name, definition, format) VALUES ('y', 'Y', '{}', 'svg')").run(),
      ).toThrow(/CHECK constraint failed/)
      expect(() => db.prepare("UPDATE sqlite_master SET sql = sql WHERE name = 'videos'").run()).toThrow(
        /may not be modified/,
      )
    } finally {
      db.close()
    }
  })
})
