import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportItem, ImportJob, Job, Provenance } from '../../shared/contract'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { deadPid } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

const DONE = '11111111-1111-4111-8111-111111111111'
const CANCELLED = '22222222-2222-4222-8222-222222222222'
const FAILED = '33333333-3333-4333-8333-333333333333'
const INTERRUPTED = '44444444-4444-4444-8444-444444444444'
const ANALYSIS = '55555555-5555-4555-8555-555555555555'

/**
 * A library folder as today's main (schema 200, before imports were jobs) leaves it: an asset, and
 * imports that ended done, cancelled and failed, one its process left running, each with the
 * per-file outcomes it wrote, and an analysis job beside them.
 */
async function libraryFromBeforeTheMigration(): Promise<string> {
  const dir = tempDir()
  const before = migrations.filter((migration) => migration.version <= 200)
  const { db } = openDatabase(path.join(dir, 'library.db'), before, {})
  db.prepare(
    `INSERT INTO videos (id, name, file_path, size_bytes, imported_at, created_at)
     VALUES ('A1', 'first.mp4', 'media/A1.mp4', 100, '2026-11-01T10:00:01Z', '2026-11-01T10:00:01Z')`,
  ).run()
  const job = db.prepare(
    `INSERT INTO import_jobs (id, state, source, link, imported_by, created_at, started_at, finished_at,
       files_total, bytes_total, files_done, bytes_done, error, owner_pid, owner_started)
     VALUES (@id, @state, @source, @link, 'someone', @at, @at, @finished, @filesTotal, @bytesTotal, @filesDone,
       @bytesDone, @error, @pid, NULL)`,
  )
  const item = db.prepare(
    `INSERT INTO import_items (job_id, seq, path, name, size_bytes, outcome, asset_id, reason, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-11-01T10:00:02Z')`,
  )
  const ended = { finished: '2026-11-01T10:00:03Z', error: null, pid: 1 }
  const paths = { source: 'paths', link: 0 }
  const totals = (files: number, bytes: number, done: [number, number] | null) => ({
    filesTotal: files,
    bytesTotal: bytes,
    filesDone: done?.[0] ?? null,
    bytesDone: done?.[1] ?? null,
  })
  job.run({ ...ended, ...paths, id: DONE, state: 'done', at: '2026-11-01T10:00:00Z', ...totals(3, 600, [3, 600]) })
  item.run(DONE, 0, '/in/first.mp4', 'first.mp4', 100, 'imported', 'A1', null)
  item.run(DONE, 1, '/in/again.mp4', 'again.mp4', 200, 'duplicate', 'A1', null)
  item.run(DONE, 2, '/in/broken.mp4', 'broken.mp4', 300, 'failed', null, 'ffprobe found no streams')
  const upload = { source: 'upload', link: 0, id: CANCELLED, state: 'cancelled', at: '2026-11-02T10:00:00Z' }
  job.run({ ...ended, ...upload, ...totals(5, 500, [1, 100]) })
  item.run(CANCELLED, 0, 'up.mp4', 'up.mp4', 100, 'duplicate', 'A1', null)
  // Failed outside its files: it stored no figures.
  const full = { error: 'database or disk is full', id: FAILED, state: 'failed', at: '2026-11-03T10:00:00Z' }
  job.run({ ...ended, ...full, source: 'paths', link: 1, ...totals(2, 70, null) })
  item.run(FAILED, 0, '/in/a.mov', 'a.mov', 70, 'failed', null, 'database or disk is full')
  const running = { id: INTERRUPTED, state: 'running', at: '2026-11-05T10:00:00Z', finished: null, error: null }
  job.run({ ...paths, ...running, pid: await deadPid(), ...totals(4, 400, null) })
  item.run(INTERRUPTED, 0, '/in/1.mp4', '1.mp4', 100, 'duplicate', 'A1', null)
  item.run(INTERRUPTED, 1, '/in/2.mp4', '2.mp4', 150, 'failed', null, 'not a media file')
  db.prepare(
    `INSERT INTO jobs (id, kind, state, title, asset_id, params, result, created_at, started_at, finished_at)
     VALUES (?, 'verify', 'done', 'Verify files', NULL, '{"folder":null}', NULL, '2026-11-04T10:00:00Z',
       '2026-11-04T10:00:00Z', '2026-11-04T10:00:01Z')`,
  ).run(ANALYSIS)
  db.close()
  return dir
}

describe('a library from before imports were jobs', () => {
  it('keeps every import with its state, figures and per-file outcomes, listed beside the other jobs', async () => {
    const lib = testLibrary(await libraryFromBeforeTheMigration())
    // Built at schema 200: 0210 comes first (later migrations follow it).
    expect(lib.sqlite.migration.applied[0]).toBe('210-imports-as-jobs')
    await lib.jobs.swept

    const { jobs } = await call<{ jobs: Job[] }>(lib, 'jobs:list', {})
    expect(jobs.map((job) => [job.kind, job.id])).toEqual([
      ['import', INTERRUPTED],
      ['verify', ANALYSIS],
      ['import', FAILED],
      ['import', CANCELLED],
      ['import', DONE],
    ])
    expect(jobs.find((job) => job.id === DONE)).toMatchObject({
      kind: 'import',
      state: 'done',
      params: { source: 'paths', link: false, importedBy: 'someone' },
      result: {
        files: { done: 3, total: 3 },
        bytes: { done: 600, total: 600 },
        counts: { imported: 1, duplicate: 1, failed: 1 },
      },
    })
    expect(jobs.find((job) => job.id === FAILED)).toMatchObject({
      params: { source: 'paths', link: true },
      result: { files: { done: 1, total: 2 }, bytes: { done: 70, total: 70 }, counts: { failed: 1 } },
      error: 'database or disk is full',
    })
    // Its process is gone: opening the library failed it as interrupted; its outcomes stay.
    expect(jobs.find((job) => job.id === INTERRUPTED)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^Interrupted/),
      result: null,
    })
    expect((await call<{ jobs: Job[] }>(lib, 'jobs:list', { kind: 'import' })).jobs).toHaveLength(4)
  })

  it('answers import:list, import:get and provenance as before', async () => {
    const lib = testLibrary(await libraryFromBeforeTheMigration())
    await lib.jobs.swept
    const { jobs } = await call<{ jobs: ImportJob[] }>(lib, 'import:list', {})
    expect(jobs).toMatchObject([
      {
        id: INTERRUPTED,
        state: 'failed',
        filesDone: 2,
        bytesDone: 250,
        counts: { imported: 0, duplicate: 1, failed: 1 },
      },
      { id: FAILED, state: 'failed', link: true, filesTotal: 2, filesDone: 1, bytesDone: 70 },
      {
        id: CANCELLED,
        state: 'cancelled',
        source: 'upload',
        filesTotal: 5,
        bytesTotal: 500,
        filesDone: 1,
        bytesDone: 100,
      },
      { id: DONE, state: 'done', source: 'paths', link: false, importedBy: 'someone', filesTotal: 3, filesDone: 3 },
    ])
    const detail = await call<{ job: ImportJob; items: ImportItem[] }>(lib, 'import:get', { jobId: DONE })
    expect(detail.job.counts).toEqual({ imported: 1, duplicate: 1, failed: 1 })
    expect(detail.items.map((item) => [item.name, item.outcome, item.asset?.id ?? null, item.reason])).toEqual([
      ['broken.mp4', 'failed', null, 'ffprobe found no streams'],
      ['again.mp4', 'duplicate', 'A1', null],
      ['first.mp4', 'imported', 'A1', null],
    ])
    const provenance = await call<Provenance>(lib, 'media:provenance', { id: 'A1' })
    expect(provenance.job).toMatchObject({ id: DONE, source: 'paths', link: false, state: 'done' })
    expect(provenance.duplicates.total).toBe(3)
  })

  it('leaves no import_jobs table, and the outcomes keyed to their jobs', async () => {
    const lib = testLibrary(await libraryFromBeforeTheMigration())
    const tables = lib.sqlite.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()
    expect(tables).not.toContain('import_jobs')
    expect(
      lib.sqlite.db.prepare('SELECT "table" FROM pragma_foreign_key_list(\'import_items\')').pluck().all(),
    ).toEqual(['jobs'])
    expect(lib.sqlite.db.prepare('SELECT COUNT(*) FROM import_items').pluck().get()).toBe(7)
    expect(lib.sqlite.db.pragma('foreign_key_check')).toEqual([])
  })
})
