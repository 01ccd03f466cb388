import Database from 'better-sqlite3'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAnalysisStore } from '../../main/db/repos/analysis-cache'
import type { ProcessingResult } from '../../main/db/repos/processing-cache'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import { testLibrary } from '../helpers/library'
import { PLUGIN_SCHEMA } from '../helpers/plugin-database'
import { tempDir } from '../helpers/temp-dir'

const CONFIG_A = `sha256:${'a'.repeat(64)}`
const CONFIG_B = `sha256:${'b'.repeat(64)}`
const FILE_V1 = `sha256:${'1'.repeat(64)}`
const FILE_V2 = `sha256:${'2'.repeat(64)}`
const ranges = [{ start: 0, end: 2.5, label: 'shot', confidence: 0.9 }]

/** Each table's columns (name, type, not null, default, key) and its unique indexes' columns. */
function layout(db: Database.Database, table: string) {
  const columns = db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`).all()
  const unique = db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_index_list('${table}') WHERE "unique" = 1`)
    .all()
    .map((index) => db.prepare(`SELECT name FROM pragma_index_info('${index.name}')`).pluck().all().join(','))
    .sort()
  return { columns, unique }
}

function run(overrides: Partial<ProcessingResult> = {}): ProcessingResult {
  return {
    jobId: 'job-1',
    action: 'convert',
    inputPath: '/lib/in.mov',
    inputHash: FILE_V1,
    configHash: CONFIG_A,
    outputPath: '/lib/out.mp4',
    outputHash: `sha256:${'9'.repeat(64)}`,
    parameters: { preset: 'h264-1080p' },
    ...overrides,
  }
}

describe('the plugin cache tables', () => {
  it('are laid out column for column as the plugins write them', () => {
    const lib = testLibrary()
    const plugin = new Database(path.join(tempDir(), 'plugin.db'))
    plugin.exec(PLUGIN_SCHEMA)
    for (const table of ['analysis_jobs', 'processing_jobs']) {
      expect(layout(lib.sqlite.db, table)).toEqual(layout(plugin, table))
    }
    plugin.close()
  })

  it('open a plugin database as it is: its rows are cache hits', async () => {
    const file = path.join(tempDir(), 'plugin.db')
    const plugin = new Database(file)
    plugin.exec(PLUGIN_SCHEMA)
    plugin
      .prepare(
        `INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, metadata, created_at)
         VALUES ('/clips/a.mp4', ?, ?, '[{"start": 1.0, "end": 2.0, "label": "cut"}]', NULL, 1763700000.25)`,
      )
      .run(FILE_V1, CONFIG_A)
    const hit = await createAnalysisStore(sqliteEngine(plugin)).getCached('/clips/a.mp4', FILE_V1, CONFIG_A)
    expect(hit).toMatchObject({
      ranges: [{ start: 1, end: 2, label: 'cut' }],
      metadata: null,
      createdAt: 1763700000.25,
    })
    plugin.close()
  })
})

describe('the analysis store', () => {
  it('hits on the same path, content and config, and misses on another config or changed content', async () => {
    const store = testLibrary().catalog.repos.analyses
    await store.save({ filePath: '/lib/a.mp4', fileHash: FILE_V1, configHash: CONFIG_A, ranges, metadata: { fps: 25 } })
    expect(await store.getCached('/lib/a.mp4', FILE_V1, CONFIG_A)).toMatchObject({ ranges, metadata: { fps: 25 } })
    expect(await store.getCached('/lib/a.mp4', FILE_V1, CONFIG_B)).toBeNull()
    // The file at that path changed: the stale row is no hit.
    expect(await store.getCached('/lib/a.mp4', FILE_V2, CONFIG_A)).toBeNull()
  })

  it('answers from a row under the legacy hash of the same config, preferring the current hash', async () => {
    const store = testLibrary().catalog.repos.analyses
    await store.save({ filePath: '/lib/a.mp4', fileHash: FILE_V1, configHash: CONFIG_B, ranges: [] })
    expect((await store.getCached('/lib/a.mp4', FILE_V1, CONFIG_A, CONFIG_B))?.configHash).toBe(CONFIG_B)
    await store.save({ filePath: '/lib/a.mp4', fileHash: FILE_V1, configHash: CONFIG_A, ranges })
    expect((await store.getCached('/lib/a.mp4', FILE_V1, CONFIG_A, CONFIG_B))?.configHash).toBe(CONFIG_A)
    expect((await store.getCached('/lib/a.mp4', FILE_V1, CONFIG_B, CONFIG_A))?.configHash).toBe(CONFIG_B)
  })

  it('keeps one row per path and config: a save replaces it, another config adds one', async () => {
    const lib = testLibrary()
    const store = lib.catalog.repos.analyses
    await store.save({ filePath: '/lib/a.mp4', fileHash: FILE_V1, configHash: CONFIG_A, ranges })
    await store.save({ filePath: '/lib/a.mp4', fileHash: FILE_V2, configHash: CONFIG_A, ranges: [] })
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM analysis_jobs').pluck().get()).toBe(1)
    expect(await store.getCached('/lib/a.mp4', FILE_V1, CONFIG_A)).toBeNull()
    expect((await store.getCached('/lib/a.mp4', FILE_V2, CONFIG_A))?.ranges).toEqual([])
    await store.save({ filePath: '/lib/a.mp4', fileHash: FILE_V2, configHash: CONFIG_B })
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM analysis_jobs').pluck().get()).toBe(2)
  })

  it('lists newest first, as many as asked', async () => {
    const lib = testLibrary()
    const store = lib.catalog.repos.analyses
    for (const name of ['a', 'b', 'c'])
      await store.save({ filePath: `/lib/${name}.mp4`, fileHash: FILE_V1, configHash: CONFIG_A })
    const stamp = lib.sqlite.db.prepare('UPDATE analysis_jobs SET created_at = ? WHERE file_path = ?')
    stamp.run(30, '/lib/a.mp4')
    stamp.run(10, '/lib/b.mp4')
    stamp.run(20, '/lib/c.mp4')
    expect((await store.listJobs()).map((job) => job.filePath)).toEqual(['/lib/a.mp4', '/lib/c.mp4', '/lib/b.mp4'])
    expect((await store.listJobs(2)).map((job) => job.createdAt)).toEqual([30, 20])
  })

  it('saveWithLogging answers true, or false with the reason logged instead of throwing', async () => {
    const lib = testLibrary()
    const logged: string[] = []
    const logger = { error: (message: string) => logged.push(message) }
    expect(
      await lib.catalog.repos.analyses.saveWithLogging(
        { filePath: '/a', fileHash: FILE_V1, configHash: CONFIG_A },
        logger,
      ),
    ).toBe(true)
    expect(logged).toEqual([])
    expect(
      await lib.catalog.repos.analyses.saveWithLogging(
        { filePath: '/a', fileHash: 'deadbeef', configHash: CONFIG_A },
        logger,
      ),
    ).toBe(false)
    expect(logged).toEqual([expect.stringContaining('fileHash must be "algo:hex"')])
    // A database that cannot be written: SQLite's refusal is logged, not thrown.
    const readOnly = new Database(lib.sqlite.path, { readonly: true })
    expect(
      await createAnalysisStore(sqliteEngine(readOnly)).saveWithLogging(
        { filePath: '/b', fileHash: FILE_V1, configHash: CONFIG_A },
        logger,
      ),
    ).toBe(false)
    expect(logged[1]).toMatch(/readonly/)
    readOnly.close()
  })
})

describe('the processing store', () => {
  it('finds a run by job id, and as a cache hit only for the same action, input content and config', async () => {
    const store = testLibrary().catalog.repos.processing
    await store.save(run())
    expect(await store.getByJobId('job-1')).toMatchObject({ action: 'convert', parameters: { preset: 'h264-1080p' } })
    expect(await store.getByJobId('job-2')).toBeNull()
    expect((await store.getCached('convert', '/lib/in.mov', FILE_V1, CONFIG_A))?.jobId).toBe('job-1')
    expect(await store.getCached('convert', '/lib/in.mov', FILE_V2, CONFIG_A)).toBeNull()
    expect(await store.getCached('convert', '/lib/in.mov', FILE_V1, CONFIG_B)).toBeNull()
    // A run under the legacy hash of the same config answers.
    expect((await store.getCached('convert', '/lib/in.mov', FILE_V1, CONFIG_B, CONFIG_A))?.jobId).toBe('job-1')
    expect(await store.getCached('extract_audio', '/lib/in.mov', FILE_V1, CONFIG_A)).toBeNull()
  })

  it('replaces the run of the same action, input and config; lists newest first', async () => {
    const lib = testLibrary()
    const store = lib.catalog.repos.processing
    await store.save(run())
    await store.save(run({ jobId: 'job-2', inputHash: FILE_V2 }))
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM processing_jobs').pluck().get()).toBe(1)
    expect(await store.getByJobId('job-1')).toBeNull()
    await store.save(run({ jobId: 'job-3', configHash: CONFIG_B }))
    lib.sqlite.db.prepare("UPDATE processing_jobs SET created_at = 5 WHERE job_id = 'job-3'").run()
    expect((await store.listJobs()).map((job) => job.jobId)).toEqual(['job-2', 'job-3'])
    const logged: string[] = []
    expect(
      await store.saveWithLogging(run({ jobId: 'job-4', outputHash: 'nope' }), { error: (m) => logged.push(m) }),
    ).toBe(false)
    expect(logged).toHaveLength(1)
    expect(await store.saveWithLogging(run({ jobId: 'job-4' }), { error: (m) => logged.push(m) })).toBe(true)
  })

  it('upgrades an older table without config hashes at open, keeping the newest of each duplicate, once', async () => {
    const dir = tempDir()
    const older = new Database(path.join(dir, 'library.db'))
    older.exec(`CREATE TABLE processing_jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT UNIQUE NOT NULL, action TEXT NOT NULL,
      input_path TEXT NOT NULL, input_hash TEXT NOT NULL, output_path TEXT NOT NULL, output_hash TEXT NOT NULL,
      parameters JSON, metadata JSON, created_at REAL NOT NULL)`)
    const insert = older.prepare(
      `INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, created_at)
       VALUES (?, ?, ?, ?, '/out', ?, ?)`,
    )
    insert.run('old', 'convert', '/in.mov', FILE_V1, FILE_V1, 100)
    insert.run('newest', 'convert', '/in.mov', FILE_V2, FILE_V2, 300)
    insert.run('middle', 'convert', '/in.mov', FILE_V1, FILE_V1, 200)
    insert.run('other', 'extract_audio', '/in.mov', FILE_V1, FILE_V1, 150)
    older.close()

    const jobs = (db: Database.Database) =>
      db.prepare('SELECT job_id, config_hash FROM processing_jobs ORDER BY job_id').all()
    const upgraded = [
      { job_id: 'newest', config_hash: '' },
      { job_id: 'other', config_hash: '' },
    ]
    const first = testLibrary(dir)
    expect(jobs(first.sqlite.db)).toEqual(upgraded)
    await first.close()
    // Opened again: nothing left to do, nothing changes.
    const lib = testLibrary(dir)
    expect(jobs(lib.sqlite.db)).toEqual(upgraded)
    expect((await lib.catalog.repos.processing.getCached('convert', '/in.mov', FILE_V2, ''))?.jobId).toBe('newest')
    expect(() =>
      lib.sqlite.db
        .prepare(
          "INSERT INTO processing_jobs (job_id, action, input_path, input_hash, output_path, output_hash, created_at) VALUES ('dup', 'convert', '/in.mov', 'x:1', '/o', 'x:1', 1)",
        )
        .run(),
    ).toThrow(/UNIQUE/)
  })
})
