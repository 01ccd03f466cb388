import { statSync } from 'node:fs'
import { describe, expect, inject, it } from 'vitest'
import type { LibraryStats, StatsBucket } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { STATS_STATEMENTS } from '../../main/db/repos/stats'
import { libraryStats } from '../../main/services/stats/stats'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fx = inject('fixtures')

/** Every grouping covers each asset once: its counts and bytes sum to the total. */
function expectGroupingsSumToTotal(stats: LibraryStats): void {
  const groupings = ['byMediaType', 'bySourceType', 'byCodec', 'byResolution', 'byDuration'] as const
  for (const name of groupings) {
    const buckets: StatsBucket[] = stats[name]
    const sum = (field: 'count' | 'bytes') => buckets.reduce((total, bucket) => total + bucket[field], 0)
    expect([name, sum('count'), sum('bytes')]).toEqual([name, stats.total.count, stats.total.bytes])
    expect(new Set(buckets.map((bucket) => bucket.key)).size).toBe(buckets.length)
  }
}

/** The non-empty buckets of a grouping as [key, count], to compare with hand-made lists. */
const counts = (buckets: StatsBucket[]) => buckets.filter((b) => b.count > 0).map((b) => [b.key, b.count])

const size = (file: string) => statSync(file).size

describe('library:stats on imported fixtures', () => {
  it('counts and sums by type, source, codec, resolution and duration, each summing to the total', async () => {
    const lib = testLibrary()
    const media = [fx.mp4, fx.webm, fx.rotated, fx.longClip, fx.prores, fx.png, fx.jpg]
    const { job } = await importAndWait(lib, [...media, fx.textAsMp4, fx.zeroByte])
    expect(job.counts).toEqual({ imported: 7, duplicate: 0, failed: 2 })
    const videoBytes = [fx.mp4, fx.webm, fx.rotated, fx.longClip, fx.prores].map(size)
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

    const stats = await call<LibraryStats>(lib, 'library:stats', {})
    expectGroupingsSumToTotal(stats)
    expect(stats.total).toEqual({ count: 7, bytes: sum(media.map(size)) })
    expect(stats.byMediaType).toEqual([
      { key: 'video', label: 'Videos', count: 5, bytes: sum(videoBytes) },
      { key: 'image', label: 'Images', count: 2, bytes: size(fx.png) + size(fx.jpg) },
    ])
    expect(counts(stats.bySourceType)).toEqual([['uploaded', 7]])
    expect(stats.byCodec).toContainEqual({
      key: 'H.264',
      label: 'H.264',
      count: 3,
      bytes: size(fx.mp4) + size(fx.rotated) + size(fx.longClip),
    })
    expect(counts(stats.byCodec)).toEqual([
      ['H.264', 3],
      ['JPEG', 1],
      ['PNG', 1],
      ['ProRes', 1],
      ['VP9', 1],
    ])
    // 320x240, 360x640 (rotated portrait), 640x480 and 800x600: all under 720 lines.
    expect(counts(stats.byResolution)).toEqual([['sd', 7]])
    expect(stats.byResolution.map((b) => b.key)).toEqual(['sd', 'hd', 'full-hd', 'qhd', '4k', 'above-4k', 'unknown'])
    // Clips of 1–2 s, the 60 s clip, and two stills without a duration.
    expect(counts(stats.byDuration)).toEqual([
      ['under-10s', 4],
      ['1-5min', 1],
      ['none', 2],
    ])
    const today = new Date().toISOString().slice(0, 10)
    expect(stats.importsPerDay).toHaveLength(90)
    expect(stats.importsPerDay.at(-1)).toEqual({ date: today, count: 7, bytes: stats.total.bytes })
    expect(sum(stats.importsPerDay.map((day) => day.count))).toBe(7)
    expect(stats.health).toEqual({ missing: 0, changed: 0, unverified: 7, failedImports: 2, failedImportsRecent: 2 })
  })

  it('gives audio its own media type and, having no picture, its own resolution bucket', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fx.mp4, fx.songMp3, fx.gapAndBurst])
    const stats = await call<LibraryStats>(lib, 'library:stats', {})
    expectGroupingsSumToTotal(stats)
    expect(stats.byMediaType).toEqual([
      { key: 'audio', label: 'Audio', count: 2, bytes: size(fx.songMp3) + size(fx.gapAndBurst) },
      { key: 'video', label: 'Videos', count: 1, bytes: size(fx.mp4) },
    ])
    expect(counts(stats.byCodec)).toEqual([
      ['FLAC', 1],
      ['H.264', 1],
      ['MP3', 1],
    ])
    expect(counts(stats.byResolution)).toEqual([
      ['sd', 1],
      ['no-picture', 2],
    ])
    expect(stats.byResolution.at(-2)).toMatchObject({ key: 'no-picture', label: 'No picture (audio)' })
    expect(counts(stats.byDuration)).toEqual([['under-10s', 3]])
  })

  it('reads health from the verify columns and failed outcomes, recent ones from the newest jobs', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.mp4, fx.webm, fx.png, fx.jpg])
    const [a, b, c] = items.map((item) => item.asset!.id)
    const update = lib.sqlite.db.prepare<[string | null, string | null, string]>(
      'UPDATE videos SET health = ?, verified_at = ? WHERE id = ?',
    )
    update.run('missing', null, a!)
    update.run('changed', '2026-01-02T00:00:00Z', b!)
    update.run(null, '2026-01-02T00:00:00Z', c!)
    addFailedJobs(lib, 12)
    expect((await call<LibraryStats>(lib, 'library:stats', {})).health).toEqual({
      missing: 1,
      changed: 1,
      unverified: 2,
      failedImports: 12,
      // The import above is the newest job and failed nothing; nine of the old ones are in the ten newest.
      failedImportsRecent: 9,
    })
  })
})

describe('library:stats classes', () => {
  it('classes resolution by the shorter side and duration by fixed buckets, at their edges', async () => {
    const lib = testLibrary()
    const rows: Array<[string | null, number | null]> = [
      ['1280x720', 9.99],
      ['720x1280', 10],
      ['1920x1080', 29.9],
      ['1080x1920', 30],
      ['2560x1440', 59.9],
      ['3840x2160', 60],
      ['4096x2160', 299],
      ['2160x3840', 300],
      ['5120x2880', 1199],
      ['6000x4000', 1200],
      ['719x2000', 3599],
      [null, 3600],
      ['0x0', null],
    ]
    const insert = lib.sqlite.db.prepare<[string, string, string | null, number | null]>(
      `INSERT INTO videos (id, name, file_path, resolution, duration_seconds, size_bytes, imported_at)
       VALUES (?, 'x', ?, ?, ?, 10, '2026-03-10T12:00:00.000Z')`,
    )
    rows.forEach(([resolution, duration], index) => insert.run(`R${index}`, `/f/${index}`, resolution, duration))
    const stats = await libraryStats(lib, new Date('2026-03-31T23:00:00Z'))
    expectGroupingsSumToTotal(stats)
    expect(counts(stats.byResolution)).toEqual([
      ['sd', 1],
      ['hd', 2],
      ['full-hd', 2],
      ['qhd', 1],
      ['4k', 3],
      ['above-4k', 2],
      ['unknown', 2],
    ])
    expect(counts(stats.byDuration)).toEqual([
      ['under-10s', 1],
      ['10-30s', 2],
      ['30s-1min', 2],
      ['1-5min', 2],
      ['5-20min', 2],
      ['20-60min', 2],
      ['over-1h', 1],
      ['none', 1],
    ])
    expect(stats.byCodec).toEqual([{ key: 'Unknown', label: 'Unknown', count: 13, bytes: stats.total.bytes }])
  })

  it('fills the last 90 UTC days oldest first, counting rows without an import time on their creation day', async () => {
    const lib = testLibrary()
    const insert = lib.sqlite.db.prepare<[string, string, string | null, string]>(
      `INSERT INTO videos (id, name, file_path, size_bytes, imported_at, created_at) VALUES (?, 'x', ?, 100, ?, ?)`,
    )
    const rows: Array<[string | null, string]> = [
      ['2026-03-31T23:59:59.999Z', '2026-03-31 23:59:59'],
      ['2026-03-31T00:00:00.000Z', '2026-01-01 00:00:00'],
      ['2026-01-01T00:00:00.000Z', '2026-01-01 00:00:00'], // day 1 of 90
      ['2025-12-31T23:59:59.999Z', '2025-12-31 23:59:59'], // one day too old
      ['2026-04-01T00:00:00.000Z', '2026-04-01 00:00:00'], // tomorrow: not in the window
      [null, '2026-02-14 08:00:00'], // written by another tool: counted on its row's day
    ]
    rows.forEach(([importedAt, createdAt], index) => insert.run(`D${index}`, `/f/${index}`, importedAt, createdAt))
    const { importsPerDay } = await libraryStats(lib, new Date('2026-03-31T20:00:00Z'))
    expect(importsPerDay).toHaveLength(90)
    expect(importsPerDay[0]).toEqual({ date: '2026-01-01', count: 1, bytes: 100 })
    expect(importsPerDay.at(-1)).toEqual({ date: '2026-03-31', count: 2, bytes: 200 })
    expect(importsPerDay.filter((day) => day.count > 0).map((day) => [day.date, day.count])).toEqual([
      ['2026-01-01', 1],
      ['2026-02-14', 1],
      ['2026-03-31', 2],
    ])
  })

  it('reads covering indexes only, never the videos table itself', () => {
    const lib = testLibrary()
    // The plan of each statement, one line per step; `days` asks for one day.
    const explain = (statement: string) =>
      lib.sqlite.db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement}`)
        .all(...(statement === STATS_STATEMENTS.days ? ['2000-01-01', '2000-01-02'] : []))
        .map((row) => row.detail)
    const plans = Object.entries(STATS_STATEMENTS).map(([name, statement]) => [name, explain(statement)] as const)
    expect(plans.map(([name]) => name)).toEqual(['groups', 'durations', 'days', 'flagged', 'unverified'])
    for (const [name, plan] of plans) {
      const videoSteps = plan.filter((step) => /\bvideos\b/.test(step))
      expect([name, videoSteps.every((step) => /USING (COVERING )?INDEX videos_/.test(step))]).toEqual([name, true])
      expect([name, plan.some((step) => /^SCAN videos$/.test(step))]).toEqual([name, false])
    }
    // One pass in index order: the big grouping sorts nothing.
    expect(explain(STATS_STATEMENTS.groups)).toEqual(['SCAN videos USING COVERING INDEX videos_stats'])
  })
})

/** `count` finished jobs, oldest first and older than any real import, each with one failed file. */
function addFailedJobs(lib: LocalLibrary, count: number): void {
  const job = lib.sqlite.db.prepare<[string, string]>(
    `INSERT INTO jobs (id, kind, state, title, params, created_at)
     VALUES (?, 'import', 'done', 'Import of x', '{"source":"paths","link":false,"importedBy":"t"}', ?)`,
  )
  const item = lib.sqlite.db.prepare<[string]>(
    `INSERT INTO import_items (job_id, seq, path, name, outcome, reason, finished_at)
     VALUES (?, 0, '/x', 'x', 'failed', 'broken', '2000-01-01T00:00:00Z')`,
  )
  for (let index = 0; index < count; index++) {
    const id = `job-${String(index).padStart(2, '0')}`
    job.run(id, `2000-01-01T00:00:${String(index).padStart(2, '0')}Z`)
    item.run(id)
  }
}
