import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations as shipped } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { tempDir } from '../helpers/temp-dir'

const insertAsset = (db: Database, id: string, mediaType: string, originalPath: string | null) =>
  db
    .prepare('INSERT INTO videos (id, name, file_path, media_type, original_path) VALUES (?, ?, ?, ?, ?)')
    .run(id, path.basename(originalPath ?? id), `/library/media/${id}`, mediaType, originalPath)

const insertRun = (db: Database, action: string, input: string, output: string, metadata: string | null) =>
  db
    .prepare(
      `INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, metadata, created_at)
       VALUES (?, ?, ?, 'sha256:00', ?, 'sha256:11', ?, ?)`,
    )
    .run(`run-${input}-${output}`, action, `/library/media/${input}`, `/library/media/${output}`, metadata, Date.now())

// A library as Framevault left it before stacks.
const BEFORE_STACKS = shipped.filter((m) => m.version < 310)

describe('migration 0310 (stacks)', () => {
  it('stacks an older library: processing chains under their first input, each video with its PNG', () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(file, BEFORE_STACKS).db
    insertAsset(old, 'CLIP', 'video', '/renders/AnimateDiff_00002-audio.mp4')
    insertAsset(old, 'CLIPPNG', 'image', '/renders/AnimateDiff_00002.png')
    insertAsset(old, 'TAKE', 'video', '/renders/v1.2/take.mov')
    insertAsset(old, 'TAKEPNG', 'image', '/renders/v1.2/take.png')
    insertAsset(old, 'LONE', 'image', '/renders/lone.png')
    insertAsset(old, 'PROXY', 'video', null)
    insertAsset(old, 'CUT', 'video', null)
    insertAsset(old, 'AUDIO', 'audio', null)
    // Framevault's runs name their assets; a plugin's row is matched by its paths; a plugin's metadata may be no JSON.
    insertRun(old, 'proxy', 'CLIP', 'PROXY', JSON.stringify({ inputAssetId: 'CLIP', outputAssetId: 'PROXY' }))
    insertRun(old, 'extract_segment', 'PROXY', 'CUT', null)
    insertRun(old, 'extract_audio', 'CUT', 'AUDIO', 'not json')
    insertRun(old, 'convert', 'GONE', 'LONE', null)
    old.close()

    const { db } = openDatabase(file, shipped)
    try {
      const rows = db.prepare('SELECT member_id, head_id, reason FROM stack_members ORDER BY member_id').raw().all()
      expect(rows).toEqual([
        ['AUDIO', 'CLIP', 'processed'],
        ['CLIPPNG', 'CLIP', 'sidecar'],
        ['CUT', 'CLIP', 'processed'],
        ['PROXY', 'CLIP', 'proxy'],
        ['TAKEPNG', 'TAKE', 'sidecar'],
      ])
      // The facet index hears of a head leaving: its members' rows are logged.
      const logged = () => db.prepare('SELECT count(*) FROM facet_changes').pluck().get() as number
      const before = logged()
      db.prepare("DELETE FROM videos WHERE id = 'CLIP'").run()
      expect(logged() - before).toBe(1 + 4)
      expect(db.prepare('SELECT count(*) FROM stack_members').pluck().get()).toBe(5)
    } finally {
      db.close()
    }
  })

  it('pairs by the path index and steps up chains by the edges index: a large library takes a moment, not hours', () => {
    const file = path.join(tempDir(), 'library.db')
    const old = openDatabase(file, BEFORE_STACKS).db
    // 20,000 videos each with its PNG, and a chain of 500 runs: pairs of rows (a plan that walks the images by type
    // for every video, or every run for every step) would take minutes; the indexes answer in well under a second.
    old.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        insertAsset(old, `V${i}`, 'video', `/renders/${i}/clip-audio.mp4`)
        insertAsset(old, `P${i}`, 'image', `/renders/${i}/clip.png`)
      }
      for (let i = 1; i <= 500; i++) insertRun(old, 'convert', i === 1 ? 'V0' : `V${i - 1}`, `V${i}`, null)
    })()
    old.close()
    const started = performance.now()
    const { db } = openDatabase(file, shipped)
    try {
      expect(performance.now() - started).toBeLessThan(15_000)
      const headOf = db.prepare<[string], string>('SELECT head_id FROM stack_members WHERE member_id = ?').pluck()
      expect(headOf.get('V500')).toBe('V0')
      // The PNG of a video that joined V0's chain joins V0 too: stacks stay flat.
      expect(headOf.get('P250')).toBe('V0')
      expect(headOf.get('P3000')).toBe('V3000')
      expect(db.prepare('SELECT count(*) FROM stack_members').pluck().get()).toBe(500 + 20_000)
    } finally {
      db.close()
    }
  }, 60_000)
})
