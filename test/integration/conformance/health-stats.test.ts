import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DURATION_BUCKETS, NO_DURATION, type HealthResult } from '../../../shared/contract'
import type { Library } from '../../../main/services/library-context'
import { createCatalog } from '../../../main/db/catalog'
import type { KeyedSum } from '../../../main/db/repos/stats'
import { UniqueViolation, type SqlEngine, type SqlValue } from '../../../main/db/sql/sql-engine'
import type { JobContext } from '../../../main/jobs/job-handler'
import { healthReport } from '../../../main/services/health/health-report'
import { verifyHandler } from '../../../main/services/health/health-verify'
import { libraryStats } from '../../../main/services/stats/stats'
import { ENGINES, freshEngine } from '../../helpers/sql-engines'
import { tempDir } from '../../helpers/temp-dir'

/** An asset row with what health and stats read; the rest of `videos` keeps its defaults. */
interface AssetRow {
  id: string
  mediaType?: 'video' | 'image' | 'audio'
  sourceType?: string
  codec?: string | null
  resolution?: string | null
  durationSeconds?: number | null
  sizeBytes?: number | null
  importedAt?: string | null
  createdAt?: string
  storage?: 'copy' | 'link'
  filePath?: string
  fileHash?: string | null
  sampledId?: string | null
  verifiedAt?: string | null
}

async function insertRows(sql: SqlEngine, rows: readonly AssetRow[]): Promise<void> {
  for (const row of rows) {
    const values: SqlValue[] = [
      row.id,
      `${row.id}.bin`,
      row.filePath ?? `/library/media/${row.id}.bin`,
      row.mediaType ?? 'video',
      row.sourceType ?? 'uploaded',
      row.codec ?? null,
      row.resolution ?? null,
      row.durationSeconds ?? null,
      row.sizeBytes === undefined ? 100 : row.sizeBytes,
      row.importedAt === undefined ? '2026-11-20T10:00:00.000Z' : row.importedAt,
      row.createdAt ?? '2026-11-20 10:00:00',
      row.storage ?? 'copy',
      row.fileHash ?? null,
      row.sampledId ?? null,
      row.verifiedAt ?? null,
    ]
    await sql.run(
      `INSERT INTO videos (id, name, file_path, media_type, source_type, codec, resolution, duration_seconds,
         size_bytes, imported_at, created_at, storage, file_hash, sampled_id, verified_at)
       VALUES (${values.map(() => '?').join(', ')})`,
      values,
    )
  }
}

// A small library of every kind: two H.264 clips alike but for their duration, a still, a sound without a size,
// an old long video without a codec, and a row another tool wrote (no import time, a bare-hex hash).
const LIBRARY: readonly AssetRow[] = [
  { id: 'a1', codec: 'h264', resolution: '1920x1080', durationSeconds: 9.99, sizeBytes: 100, storage: 'link' },
  {
    id: 'a2',
    codec: 'h264',
    resolution: '1920x1080',
    durationSeconds: 10,
    sizeBytes: 200,
    importedAt: '2026-11-20T23:59:59.999Z',
  },
  { id: 'a3', mediaType: 'image', codec: 'png', resolution: '800x600', sizeBytes: 30, verifiedAt: '2026-11-23' },
  {
    id: 'a4',
    mediaType: 'audio',
    sourceType: 'generated',
    codec: 'mp3',
    durationSeconds: 400,
    sizeBytes: null,
    importedAt: '2026-11-22T08:00:00.000Z',
  },
  { id: 'a5', durationSeconds: 4000, sizeBytes: 1000, importedAt: '2026-11-19T10:00:00.000Z', storage: 'link' },
  { id: 'a6', sizeBytes: 5, importedAt: null, createdAt: '2026-11-21 08:00:00', fileHash: 'ab'.repeat(32) },
]

const byKey = (sums: readonly KeyedSum[]) => [...sums].sort((a, b) => (a.key < b.key ? -1 : 1))

// Issue 34: asset health and the stats page's figures, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('health and stats on %s', (dialect) => {
  const catalogOf = async (rows: readonly AssetRow[]) => {
    const sql = await freshEngine(dialect)
    await insertRows(sql, rows)
    return { sql, catalog: createCatalog(sql) }
  }
  const healthOf = (sql: SqlEngine, id: string) =>
    sql.get('SELECT health, health_at AS "healthAt", verified_at AS "verifiedAt" FROM videos WHERE id = ?', [id])

  it('totals, pages and picks assets to check, a bare-hex hash read as SHA-256', async () => {
    const { health } = (await catalogOf(LIBRARY)).catalog.repos
    expect(await health.totals()).toEqual({ files: 6, bytes: 1335 })
    const ids = (targets: ReadonlyArray<{ id: string }>) => targets.map((target) => target.id)
    expect(ids(await health.page('', 2))).toEqual(['a1', 'a2'])
    expect(ids(await health.page('a2', 10))).toEqual(['a3', 'a4', 'a5', 'a6'])
    expect(ids(await health.page('', 10, true))).toEqual(['a1', 'a5'])
    expect(await health.page('a6', 10)).toEqual([])
    expect(await health.byIds(['a6', 'zz', 'a1'])).toEqual([
      {
        id: 'a1',
        name: 'a1.bin',
        filePath: '/library/media/a1.bin',
        storage: 'link',
        objectKey: null,
        sizeBytes: 100,
        fileHash: null,
        sampledId: null,
        health: null,
      },
      expect.objectContaining({ id: 'a6', storage: 'copy', sizeBytes: 5, fileHash: `sha256:${'ab'.repeat(32)}` }),
    ])
  })

  it('flags, clears and relinks, keeping the time a flag was first set', async () => {
    const { sql, catalog } = await catalogOf(LIBRARY)
    const { health } = catalog.repos
    await health.flag('a1', 'missing', 't1')
    await health.flag('a1', 'missing', 't2')
    expect(await healthOf(sql, 'a1')).toEqual({ health: 'missing', healthAt: 't1', verifiedAt: null })
    await health.flag('a1', 'changed', 't3')
    expect(await healthOf(sql, 'a1')).toEqual({ health: 'changed', healthAt: 't3', verifiedAt: null })
    await health.markOk('a1', 't4')
    await health.markOk('a1', 't5')
    expect(await healthOf(sql, 'a1')).toEqual({ health: null, healthAt: 't4', verifiedAt: 't5' })

    await health.flag('a2', 'missing', 't6')
    await health.flag('a5', 'missing', 't6')
    await health.flag('a3', 'changed', 't7')
    expect(await health.flaggedCopies()).toEqual([expect.objectContaining({ id: 'a2', health: 'missing' })])
    expect(await health.counts()).toEqual({ total: 6, missing: 2, changed: 1 })
    expect(await health.flagged('missing', 1)).toEqual([
      { id: 'a2', name: 'a2.bin', path: '/library/media/a2.bin', storage: 'copy', since: 't6' },
    ])
    expect(await health.flagged('changed', 10)).toEqual([
      { id: 'a3', name: 'a3.bin', path: '/library/media/a3.bin', storage: 'copy', since: 't7' },
    ])

    // Only a linked asset is relinked; a path another asset has is refused.
    expect(await health.relink('a5', '/moved/a5.bin', 't8')).toBe(true)
    expect(await sql.get('SELECT file_path AS "filePath" FROM videos WHERE id = ?', ['a5'])).toEqual({
      filePath: '/moved/a5.bin',
    })
    expect(await healthOf(sql, 'a5')).toEqual({ health: null, healthAt: 't8', verifiedAt: 't8' })
    expect(await health.relink('a2', '/moved/a2.bin', 't8')).toBe(false)
    await expect(health.relink('a1', '/moved/a5.bin', 't8')).rejects.toBeInstanceOf(UniqueViolation)
    expect(await health.counts()).toEqual({ total: 6, missing: 1, changed: 1 })
  })

  it('groups, buckets and counts the figures of the stats page', async () => {
    const { sql, catalog } = await catalogOf(LIBRARY)
    const { stats, health } = catalog.repos
    const groupKey = (group: { mediaType: string; codec: string | null }) => `${group.mediaType}/${group.codec ?? ''}`
    const groups = (await stats.groups()).sort((a, b) => (groupKey(a) < groupKey(b) ? -1 : 1))
    expect(groups).toEqual([
      { mediaType: 'audio', sourceType: 'generated', codec: 'mp3', resolution: null, count: 1, bytes: 0 },
      { mediaType: 'image', sourceType: 'uploaded', codec: 'png', resolution: '800x600', count: 1, bytes: 30 },
      { mediaType: 'video', sourceType: 'uploaded', codec: null, resolution: null, count: 2, bytes: 1005 },
      { mediaType: 'video', sourceType: 'uploaded', codec: 'h264', resolution: '1920x1080', count: 2, bytes: 300 },
    ])
    const expected: Record<string, [number, number]> = {
      [NO_DURATION.key]: [2, 35],
      'under-10s': [1, 100],
      '10-30s': [1, 200],
      '5-20min': [1, 0],
      'over-1h': [1, 1000],
    }
    expect(byKey(await stats.durations())).toEqual(
      byKey(
        [NO_DURATION, ...DURATION_BUCKETS].map(({ key }) => {
          const [count, bytes] = expected[key] ?? [0, 0]
          return { key, count, bytes }
        }),
      ),
    )
    expect(byKey(await stats.importDays('2026-11-20', '2026-11-22'))).toEqual([
      { key: '2026-11-20', count: 3, bytes: 330 },
      { key: '2026-11-21', count: 1, bytes: 5 },
    ])
    expect(await stats.importDays('2026-12-01', '2026-12-02')).toEqual([])
    expect(await stats.health()).toEqual({ missing: 0, changed: 0, unverified: 5 })
    await health.flag('a1', 'missing', 't1')
    await health.flag('a2', 'changed', 't1')
    await health.markOk('a4', 't2')
    await sql.run('UPDATE videos SET verified_at = NULL WHERE id = ?', ['a3'])
    expect(await stats.health()).toEqual({ missing: 1, changed: 1, unverified: 5 })
  })

  it('verifies a small library through the job handler: a file gone is flagged, one whole is verified', async () => {
    const folder = tempDir()
    const digest = (at: string) => `sha256:${createHash('sha256').update(readFileSync(at)).digest('hex')}`
    const kept = path.join(folder, 'kept.bin')
    writeFileSync(kept, 'kept bytes')
    const gone = path.join(folder, 'gone.bin')
    const linked = (id: string, at: string, fileHash: string): AssetRow => ({
      id,
      filePath: at,
      storage: 'link',
      sizeBytes: 10,
      fileHash,
    })
    const { sql, catalog } = await catalogOf([linked('v1', kept, digest(kept)), linked('v2', gone, 'sha256:00')])
    const lib = {
      catalog,
      dir: folder,
      changes: { batch: <T>(work: () => Promise<T>) => work() },
      ingest: { concurrency: 2, sha256: async (at: string) => digest(at) },
    } as unknown as Library
    let keptResult: HealthResult | undefined
    const context: JobContext<HealthResult> = {
      jobId: 'j1',
      assetId: null,
      signal: new AbortController().signal,
      progress: () => {},
      keep: (result) => void (keptResult = result),
      held: async () => {},
    }
    const result = (await verifyHandler.run(lib, { folder: null } as never, context as never)) as HealthResult
    expect(result).toBe(keptResult)
    expect(result).toMatchObject({ files: { done: 2, total: 2 }, bytes: { done: 20, total: 20 } })
    expect(result.counts).toMatchObject({ ok: 1, missing: 1, changed: 0, failed: 0 })
    expect(result.items).toEqual([expect.objectContaining({ id: 'v2', outcome: 'missing', path: gone })])
    expect(await healthOf(sql, 'v1')).toEqual({ health: null, healthAt: null, verifiedAt: expect.any(String) })
    expect(await healthOf(sql, 'v2')).toMatchObject({ health: 'missing', verifiedAt: null })

    const report = await healthReport(lib, 10)
    expect(report).toEqual({
      counts: { total: 2, missing: 1, changed: 0 },
      missing: [expect.objectContaining({ id: 'v2', path: gone, storage: 'link' })],
      changed: [],
    })
    const figures = await libraryStats(lib, new Date('2026-11-20T12:00:00Z'))
    expect(figures.total).toEqual({ count: 2, bytes: 20 })
    expect(figures.importsPerDay.at(-1)).toEqual({ date: '2026-11-20', count: 2, bytes: 20 })
    expect(figures.health).toEqual({ missing: 1, changed: 0, unverified: 1, failedImports: 0, failedImportsRecent: 0 })
  })

  it('adds up the figures of a small library through the stats service', async () => {
    const { catalog } = await catalogOf(LIBRARY)
    // Failed files of import jobs, as the catalogue's import items count them.
    const importItems = { ...catalog.repos.importItems, failed: async () => ({ total: 3, recent: 1 }) }
    const lib = { catalog: { ...catalog, repos: { ...catalog.repos, importItems } } } as unknown as Library
    const figures = await libraryStats(lib, new Date('2026-11-22T12:00:00Z'))
    expect(figures.total).toEqual({ count: 6, bytes: 1335 })
    expect(figures.byMediaType.map((bucket) => [bucket.key, bucket.count, bucket.bytes])).toEqual([
      ['video', 4, 1305],
      ['audio', 1, 0],
      ['image', 1, 30],
    ])
    expect(figures.bySourceType.map((bucket) => [bucket.key, bucket.count])).toEqual([
      ['uploaded', 5],
      ['generated', 1],
    ])
    expect(
      figures.byResolution.filter((bucket) => bucket.count > 0).map((bucket) => [bucket.key, bucket.count]),
    ).toEqual([
      ['sd', 1],
      ['full-hd', 2],
      ['no-picture', 1],
      ['unknown', 2],
    ])
    expect(figures.importsPerDay.slice(-4).map((day) => [day.date, day.count, day.bytes])).toEqual([
      ['2026-11-19', 1, 1000],
      ['2026-11-20', 3, 330],
      ['2026-11-21', 1, 5],
      ['2026-11-22', 1, 0],
    ])
    expect(figures.health).toEqual({ missing: 0, changed: 0, unverified: 5, failedImports: 3, failedImportsRecent: 1 })
  })
})
