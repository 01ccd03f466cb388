import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import type { AnalysisRow } from '../../../main/db/repos/analysis-cache'
import type { ProcessingResult } from '../../../main/db/repos/processing-cache'
import { UniqueViolation, type SqlEngine } from '../../../main/db/sql/sql-engine'
import { searchAnalyses } from '../../../main/services/analyses/list-analyses'
import { recordRun } from '../../../main/services/processing/cached-run'
import { ENGINES, freshEngine, insertAssets, meetingOfTwo } from '../../helpers/sql-engines'

const hash = (digit: string) => `sha256:${digit.repeat(64)}`
const [V1, V2, OUT, CONFIG_A, CONFIG_B] = [hash('1'), hash('2'), hash('9'), hash('a'), hash('b')]
const RANGES = [{ start: 0, end: 2.5, label: 'shot', confidence: 0.9 }]
// What a result holds: keys out of order, floats, text beyond ASCII, a string that looks like JSON.
const RICH = {
  zeta: [{ term: 'ACME', score: 0.30000000000000004, at: [1e-7, 12.5] }],
  alpha: { 2: 'two', 10: 'ten', é: 'ü 日本', quoted: '{"not": "parsed"}' },
  none: null,
  yes: true,
}
const run = (overrides: Partial<ProcessingResult> = {}): ProcessingResult => ({
  jobId: 'job-1',
  action: 'convert',
  inputPath: '/in.mov',
  inputHash: V1,
  configHash: CONFIG_A,
  outputPath: '/out.mp4',
  outputHash: OUT,
  parameters: { preset: 'h264-1080p' },
  ...overrides,
})
// A plugin's row as its SQLite file holds it: JSON text in its own spacing, or text that is not JSON at all.
const pluginRow: AnalysisRow = {
  id: 7,
  file_path: '/renders/a.mp4',
  file_hash: V1,
  config_hash: CONFIG_A,
  ranges: '[{"start": 1.0, "end": 2.0, "label": "cut"}]',
  metadata: 'not json',
  created_at: 1763700000.25,
}
const source = { database: '/plugins/cache.db', rowId: 7, filePath: '/renders/a.mp4', copiedAt: 1763800000.5 }

// Issue 34: the analysis and processing caches, the same on a library's SQLite and a hub's PostgreSQL but for their
// keys: a library's are the plugins' (a path and a config), a hub's the content and the config.
describe.each(ENGINES)('analysis and processing caches on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    return { sql, catalog: createCatalog(sql) }
  }
  const count = async (sql: SqlEngine, table: string) =>
    (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n
  // Saves stamp the time: tests that order rows stamp them again.
  const stamp = (sql: SqlEngine, table: string, id: number, createdAt: number) =>
    sql.run(`UPDATE ${table} SET created_at = ? WHERE id = ?`, [createdAt, id])
  const byContentKey = dialect === 'postgres'

  it('caches analyses by path, content and config, answers by content anywhere, lists and deletes them', async () => {
    const { sql, catalog } = await fresh()
    const { analyses } = catalog.repos
    const saved = await analyses.save({ filePath: '/a.mp4', fileHash: V1, configHash: CONFIG_A, ranges: RANGES })
    expect(saved).toEqual({
      id: saved.id,
      filePath: '/a.mp4',
      fileHash: V1,
      configHash: CONFIG_A,
      ranges: RANGES,
      metadata: null,
      createdAt: expect.closeTo(Date.now() / 1000, -1),
    })
    expect(await analyses.get(saved.id)).toEqual(saved)
    expect(await analyses.getCached('/a.mp4', V1, CONFIG_A)).toEqual(saved)
    expect(await analyses.getCached('/a.mp4', V1, CONFIG_B)).toBeNull()
    expect(await analyses.getCached('/a.mp4', V2, CONFIG_A)).toBeNull()
    expect(await analyses.getCached('/b.mp4', V1, CONFIG_A)).toBeNull()
    // The same config hashed by an older rule answers, the current hash first.
    expect((await analyses.getCached('/a.mp4', V1, CONFIG_B, CONFIG_A))?.id).toBe(saved.id)
    const legacy = await analyses.save({ filePath: '/a.mp4', fileHash: V1, configHash: CONFIG_B, metadata: RICH })
    expect(legacy.metadata).toEqual(RICH)
    expect((await analyses.getCached('/a.mp4', V1, CONFIG_B, CONFIG_A))?.id).toBe(legacy.id)
    expect((await analyses.getCached('/a.mp4', V1, CONFIG_A, CONFIG_B))?.id).toBe(saved.id)
    expect((await analyses.getByContent(V1, CONFIG_B, CONFIG_A))?.id).toBe(legacy.id)
    expect((await analyses.getByContent(V1, CONFIG_A))?.id).toBe(saved.id)
    expect(await analyses.getByContent(V2, CONFIG_A)).toBeNull()
    const other = await analyses.save({ filePath: '/c.mp4', fileHash: V2, configHash: CONFIG_A, ranges: [] })
    await stamp(sql, 'analysis_jobs', saved.id, 30)
    await stamp(sql, 'analysis_jobs', legacy.id, 10)
    await stamp(sql, 'analysis_jobs', other.id, 20)
    expect((await analyses.listJobs()).map((row) => row.id)).toEqual([saved.id, other.id, legacy.id])
    expect((await analyses.listJobs(2)).map((row) => row.createdAt)).toEqual([30, 20])
    expect((await analyses.forFile('/a.mp4')).map((row) => row.id)).toEqual([saved.id, legacy.id])
    expect(await analyses.delete(legacy.id)).toBe(true)
    expect(await analyses.delete(legacy.id)).toBe(false)
    expect(await analyses.get(legacy.id)).toBeNull()
    expect(await count(sql, 'analysis_jobs')).toBe(2)
  })

  it('refuses hashes that are not "algo:hex", and logs a failed save instead of throwing', async () => {
    const { sql, catalog } = await fresh()
    const { analyses, processing } = catalog.repos
    await expect(analyses.save({ filePath: '/a', fileHash: 'deadbeef', configHash: CONFIG_A })).rejects.toMatchObject({
      code: 'validation',
    })
    await expect(processing.save(run({ outputHash: 'x:Z' }))).rejects.toMatchObject({ code: 'validation' })
    const logged: string[] = []
    const logger = { error: (message: string) => logged.push(message) }
    expect(await analyses.saveWithLogging({ filePath: '/a', fileHash: V1, configHash: 'nope' }, logger)).toBe(false)
    expect(await processing.saveWithLogging(run({ inputHash: 'md5' }), logger)).toBe(false)
    expect(logged).toEqual([
      expect.stringContaining('configHash must be "algo:hex"'),
      expect.stringContaining('inputHash must be "algo:hex"'),
    ])
    expect(await analyses.saveWithLogging({ filePath: '/a', fileHash: V1, configHash: CONFIG_A }, logger)).toBe(true)
    // '' is a plugin's older run without a config.
    expect(await processing.saveWithLogging(run({ configHash: '' }), logger)).toBe(true)
    expect([await count(sql, 'analysis_jobs'), await count(sql, 'processing_jobs'), logged.length]).toEqual([1, 1, 2])
  })

  it('keeps one result per key: two writers of the same content and config at once leave one row', async () => {
    const { sql, catalog } = await fresh()
    // Both look the result up (a miss, on a hub), compute it, and save it.
    const writers = (
      paths: readonly string[],
      save: (repos: typeof catalog.repos, path: string) => Promise<unknown>,
    ) => {
      const meet = meetingOfTwo()
      return Promise.all(
        paths.map((path) =>
          catalog.transaction(async (repos) => {
            await repos.analyses.getByContent(V1, CONFIG_A)
            await meet()
            await save(repos, path)
          }),
        ),
      )
    }
    const analysis = (repos: typeof catalog.repos, filePath: string) =>
      repos.analyses.save({ filePath, fileHash: V1, configHash: CONFIG_A, ranges: RANGES })
    await writers(['/a.mp4', '/a.mp4'], analysis)
    expect(await count(sql, 'analysis_jobs')).toBe(1)
    // From two paths (two machines, on a hub): one row on a hub, one per path in a library.
    await writers(['/b.mp4', '/c.mp4'], analysis)
    expect(await count(sql, 'analysis_jobs')).toBe(byContentKey ? 1 : 3)
    const found = await catalog.repos.analyses.getByContent(V1, CONFIG_A)
    expect(found).toMatchObject({ fileHash: V1, configHash: CONFIG_A, ranges: RANGES })
    // Changed content at a path: a library's row there is replaced; a hub keeps the old content's result too.
    const again = await analysis(catalog.repos, '/a.mp4')
    const changed = await catalog.repos.analyses.save({ filePath: '/a.mp4', fileHash: V2, configHash: CONFIG_A })
    expect([changed.id === again.id, (await catalog.repos.analyses.get(again.id))?.fileHash]).toEqual(
      byContentKey ? [false, V1] : [true, V2],
    )

    await writers(['/in.mov', '/in.mov'], (repos, inputPath) => repos.processing.save(run({ inputPath })))
    expect(await count(sql, 'processing_jobs')).toBe(1)
    await writers(['/x.mov', '/y.mov'], (repos, inputPath) =>
      repos.processing.save(run({ inputPath, jobId: `job${inputPath}` })),
    )
    expect(await count(sql, 'processing_jobs')).toBe(byContentKey ? 1 : 3)
    expect(await catalog.repos.processing.byContent('convert', V1, CONFIG_A)).toHaveLength(byContentKey ? 1 : 3)
  })

  it('caches runs by job id and key, answers by content best first, and lists what touches a file', async () => {
    const { sql, catalog } = await fresh()
    const { processing } = catalog.repos
    const first = await processing.save(run())
    expect(first).toEqual({
      id: first.id,
      ...run(),
      metadata: null,
      createdAt: expect.closeTo(Date.now() / 1000, -1),
    })
    expect(await processing.getByJobId('job-1')).toEqual(first)
    expect(await processing.getByJobId('job-9')).toBeNull()
    expect(await processing.getCached('convert', '/in.mov', V1, CONFIG_A)).toEqual(first)
    expect(await processing.getCached('convert', '/in.mov', V2, CONFIG_A)).toBeNull()
    expect(await processing.getCached('convert', '/in.mov', V1, CONFIG_B)).toBeNull()
    expect(await processing.getCached('proxy', '/in.mov', V1, CONFIG_A)).toBeNull()
    expect((await processing.getCached('convert', '/in.mov', V1, CONFIG_B, CONFIG_A))?.jobId).toBe('job-1')
    const legacy = await processing.save(
      run({ jobId: 'job-2', inputPath: '/elsewhere.mov', configHash: CONFIG_B, parameters: RICH, metadata: RICH }),
    )
    expect(legacy).toMatchObject({ parameters: RICH, metadata: RICH })
    const ids = (rows: Array<{ jobId: string }>) => rows.map((row) => row.jobId)
    expect(ids(await processing.byContent('convert', V1, CONFIG_A, CONFIG_B))).toEqual(['job-1', 'job-2'])
    expect(ids(await processing.byContent('convert', V1, CONFIG_B, CONFIG_A))).toEqual(['job-2', 'job-1'])
    expect(await processing.byContent('proxy', V1, CONFIG_A)).toEqual([])
    await stamp(sql, 'processing_jobs', first.id, 20)
    await stamp(sql, 'processing_jobs', legacy.id, 10)
    expect(ids(await processing.touching('/out.mp4'))).toEqual(['job-1', 'job-2'])
    expect(ids(await processing.touching('/elsewhere.mov'))).toEqual(['job-2'])
    expect(ids(await processing.listJobs(1))).toEqual(['job-1'])
    // A save under a job id replaces that job's run whatever its key; one under a run's key replaces that run.
    const moved = await processing.save(
      run({ jobId: 'job-2', inputPath: '/moved.mov', inputHash: V2, outputPath: '/other.mp4' }),
    )
    expect(await processing.getByJobId('job-2')).toEqual(moved)
    expect(ids(await processing.listJobs())).toEqual(['job-2', 'job-1'])
    await processing.save(run({ jobId: 'job-3' }))
    expect(await processing.getByJobId('job-1')).toBeNull()
    expect(ids(await processing.touching('/out.mp4'))).toEqual(['job-3'])
    expect(await count(sql, 'processing_jobs')).toBe(2)
  })

  it("copies a plugin's row as it is, noting where it came from until the row is rewritten or deleted", async () => {
    const { sql, catalog } = await fresh()
    const { analysisSources: sources, analyses } = catalog.repos
    const key = { filePath: '/lib/a.mp4', fileHash: V1, configHash: CONFIG_A }
    expect(await sources.atKey(key)).toBeUndefined()
    const id = await sources.insertFrom(pluginRow, '/lib/a.mp4', source)
    // Text that is not JSON reads back as that text on both engines (a hub keeps it as a JSON string).
    const copied = {
      id,
      ...key,
      ranges: [{ start: 1, end: 2, label: 'cut' }],
      metadata: 'not json',
      createdAt: 1763700000.25,
    }
    expect(await sources.atKey(key)).toEqual(copied)
    expect(await analyses.get(id)).toEqual(copied)
    // The same content and config at another path is the same key on a hub only.
    expect(await sources.atKey({ ...key, filePath: '/other.mp4' })).toEqual(byContentKey ? copied : undefined)
    expect(await sources.forFile('/lib/a.mp4')).toEqual(new Map([[id, source]]))
    expect(await sources.forFile('/renders/a.mp4')).toEqual(new Map())
    await expect(sources.insertFrom(pluginRow, '/lib/a.mp4', source)).rejects.toBeInstanceOf(UniqueViolation)
    const second = await sources.insertFrom({ ...pluginRow, config_hash: CONFIG_B }, '/lib/a.mp4', {
      ...source,
      rowId: 8,
    })
    expect([await count(sql, 'analysis_jobs'), await count(sql, 'analysis_sources')]).toEqual([2, 2])
    await analyses.save({ ...key, ranges: [] })
    expect([...(await sources.forFile('/lib/a.mp4')).keys()]).toEqual([second])
    await analyses.delete(second)
    expect(await count(sql, 'analysis_sources')).toBe(0)
  })

  it('searches results by analyzer and label, newest first after a cursor, with the assets at their paths', async () => {
    const { sql, catalog } = await fresh()
    await insertAssets(sql, ['a1', 'a2'])
    await sql.run('UPDATE videos SET file_hash = ? WHERE id = ?', [V1, 'a1'])
    const path = (id: string) => `/library/media/videos/${id}.mp4`
    const { analyses, analysisSearch } = catalog.repos
    const save = async (at: number, result: Parameters<typeof analyses.save>[0]) => {
      const { id } = await analyses.save(result)
      await stamp(sql, 'analysis_jobs', id, at)
      return id
    }
    const scenes = { analyzer: 'scenes' }
    const r1 = await save(50, {
      filePath: path('a1'),
      fileHash: V1,
      configHash: CONFIG_A,
      ranges: [{ label: 'cut' }, { label: 'shot' }],
      metadata: scenes,
    })
    // Items that are no range, and ranges that are no list, match no label (and break nothing).
    const r2 = await save(40, {
      filePath: path('a2'),
      fileHash: V2,
      configHash: CONFIG_A,
      ranges: ['shot', 5, { label: 'black' }],
      metadata: { analyzer: 'black' },
    })
    const r3 = await save(30, {
      filePath: '/elsewhere.mp4',
      fileHash: V1,
      configHash: CONFIG_B,
      ranges: { label: 'shot' },
      metadata: scenes,
    })
    const r4 = await catalog.repos.analysisSources.insertFrom(
      { ...pluginRow, file_hash: V2, config_hash: CONFIG_B, ranges: 'not json', created_at: 10 },
      '/plugin.mp4',
      source,
    )
    const search = async (filter: Partial<Parameters<typeof analysisSearch.search>[0]>) =>
      (await analysisSearch.search({ analyzer: null, label: null, after: null, limit: 10, ...filter })).map(
        (row) => row.id,
      )
    expect(await analysisSearch.search({ analyzer: null, label: 'cut', after: null, limit: 10 })).toEqual([
      {
        ...(await analyses.get(r1)),
        assetId: 'a1',
        assetName: 'a1.mp4',
        assetHash: V1,
      },
    ])
    expect(await search({})).toEqual([r1, r2, r3, r4])
    expect(await search({ analyzer: 'scenes' })).toEqual([r1, r3])
    expect(await search({ label: 'shot' })).toEqual([r1])
    expect(await search({ analyzer: 'black', label: 'black' })).toEqual([r2])
    expect(await search({ analyzer: 'scenes', label: 'black' })).toEqual([])
    expect(await search({ after: { createdAt: 40, id: r2 } })).toEqual([r3, r4])
    expect(await search({ limit: 1 })).toEqual([r1])

    // The service: pages by cursor, each row valid while its asset's recorded content is what it was made from.
    const lib = { catalog }
    const page = await searchAnalyses(lib, { limit: 3 })
    expect(page.analyses.map((row) => [row.id, row.analyzer, row.assetId, row.valid])).toEqual([
      [r1, 'scenes', 'a1', true],
      [r2, 'black', 'a2', false],
      [r3, 'scenes', null, false],
    ])
    expect(await searchAnalyses(lib, { limit: 3, cursor: page.nextCursor! })).toMatchObject({
      analyses: [{ id: r4, analyzer: null, metadata: 'not json', ranges: 'not json' }],
      nextCursor: null,
    })
    expect((await searchAnalyses(lib, { limit: 10, stale: true })).analyses.map((row) => row.id)).toEqual([r2, r3, r4])
    await expect(searchAnalyses(lib, { limit: 3, cursor: 'nonsense' })).rejects.toMatchObject({ code: 'validation' })
  })

  it('records a run under a new job id through the service, as the processing cache keeps it', async () => {
    const { catalog } = await fresh()
    const metadata = { inputAssetId: 'in', outputAssetId: 'out' }
    const recorded = await recordRun({ catalog }, { ...run(), parameters: { preset: 'h264-1080p' }, metadata })
    expect(recorded).toMatchObject({ jobId: expect.stringMatching(/^framevault:[0-9a-f-]{36}$/), metadata })
    expect(await catalog.repos.processing.getByJobId(recorded.jobId)).toEqual(recorded)
  })
})
