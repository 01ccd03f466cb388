import { appendFileSync, copyFileSync, createReadStream, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportJob, ImportProgress } from '../../shared/contract'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import type { CatalogRepos } from '../../main/db/catalog'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { importAndWait } from '../helpers/ingest'
import { tempBytes, testLibrary, tmpFiles } from '../helpers/library'
import { holderOf } from '../helpers/job-runner-harness'
import { deadPid } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

// An import job id as today's main makes them (a UUID), for a job a test stores itself.
const OLD_JOB = '5d0c8a1e-7b2f-4c9d-a3e6-1f4b8c2d7e90'

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

/** `count` copies of the mp4 fixture, each with a distinct tail so none is a duplicate of another. */
function distinctCopies(count: number): string[] {
  const dir = tempDir()
  return Array.from({ length: count }, (_, index) => {
    const copy = path.join(dir, `copy-${index}.mp4`)
    copyFileSync(fx.mp4, copy)
    appendFileSync(copy, `distinct tail ${index}`)
    return copy
  })
}

/** Resolves on the job's first per-file outcome. */
function firstOutcome(lib: Library, jobId: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = lib.events.subscribe((event) => {
      if (event.name === 'import:updated' && event.payload.job.id === jobId && event.payload.item) resolve(stop())
    })
  })
}

async function cancel(lib: Library, jobId: string): Promise<ImportJob> {
  const envelope = await dispatch(lib, 'import:cancel', { jobId })
  if (!envelope.ok) throw new Error(envelope.error.message)
  return (envelope.data as { job: ImportJob }).job
}

async function uploadCopies(lib: Library, count: number) {
  return Promise.all(
    distinctCopies(count).map(async (file) => {
      const { uploadId, name } = await lib.uploads.receive(createReadStream(file), path.basename(file))
      return { uploadId, name }
    }),
  )
}

/** A job of a process that is gone, with two recorded outcomes (300 and 700 bytes); returns its id. */
async function jobWithTwoOutcomes(repos: CatalogRepos): Promise<string> {
  const id = '0b6f5f3c-1a2b-4c3d-8e4f-5a6b7c8d9e0f'
  const at = new Date().toISOString()
  const holder = holderOf(await deadPid())
  await repos.jobs.insert({
    id,
    kind: 'import',
    title: 'Import of x',
    assetId: null,
    params: { source: 'paths', link: false, importedBy: 'someone' },
    createdAt: at,
    holder,
  })
  await repos.jobs.start(id, at, holder.id)
  for (const [seq, size] of [
    [0, 300],
    [1, 700],
  ] as const) {
    const item = { seq, path: `/x/${seq}.mp4`, name: `${seq}.mp4`, sizeBytes: size, assetId: null }
    await repos.importItems.addItem(id, { ...item, outcome: 'failed', reason: 'test' }, at)
  }
  return id
}

describe('a cancelled import', () => {
  it('keeps the files and bytes it had done, and shows them after the library is reopened', async () => {
    const dir = tempDir()
    const lib = openLibrary(dir)
    const ticks: ImportProgress[] = []
    lib.events.subscribe((event) => {
      if (event.name === 'import:progress') ticks.push(event.payload)
    })
    const started = await dispatch(lib, 'media:import', { paths: distinctCopies(30) })
    const { job } = (started as { data: { job: ImportJob } }).data
    expect(job).toMatchObject({ filesDone: null, bytesDone: null })
    await firstOutcome(lib, job.id)
    const cancelled = await cancel(lib, job.id)
    const items = await lib.catalog.repos.importItems.items(job.id)
    await lib.close()

    expect(cancelled.state).toBe('cancelled')
    expect(items.length).toBeGreaterThan(0)
    expect(items.length).toBeLessThan(30)
    const bytesOfItems = items.reduce((sum, item) => sum + item.sizeBytes!, 0)
    expect(cancelled).toMatchObject({ filesDone: items.length, bytesDone: bytesOfItems })
    expect(cancelled.bytesDone).toBeGreaterThan(0)
    // The last live figure the card showed is the one it shows after a reload.
    expect(ticks.at(-1)).toMatchObject({ filesDone: items.length, bytesDone: bytesOfItems })

    const reopened = testLibrary(dir)
    const listed = await dispatch(reopened, 'import:list', {})
    expect(listed).toMatchObject({
      ok: true,
      data: { jobs: [{ id: job.id, state: 'cancelled', filesDone: items.length, bytesDone: bytesOfItems }] },
    })
  })

  it('stores a finished job figures equal to its totals', async () => {
    const lib = testLibrary()
    const { job } = await importAndWait(lib, [fx.mp4, fx.jpg])
    const bytes = statSync(fx.mp4).size + statSync(fx.jpg).size
    expect(job).toMatchObject({ state: 'done', filesDone: 2, bytesDone: bytes, bytesTotal: bytes })
  })

  it('deletes the uploads it did not use before import:cancel returns', async () => {
    const lib = testLibrary()
    const uploads = await uploadCopies(lib, 20)
    expect(tmpFiles(lib)).toHaveLength(20)
    expect(await tempBytes(lib)).toBeGreaterThan(0)
    const started = await dispatch(lib, 'media:import-uploads', { uploads })
    const { job } = (started as { data: { job: ImportJob } }).data
    await firstOutcome(lib, job.id)
    const cancelled = await cancel(lib, job.id)
    expect(tmpFiles(lib)).toEqual([])
    expect(await tempBytes(lib)).toBe(0)
    expect(cancelled.state).toBe('cancelled')
    expect((await lib.catalog.repos.importItems.items(job.id)).length).toBeLessThan(20)
  })

  it('deletes the uploads of a job cancelled while it waits in the queue', async () => {
    const lib = testLibrary()
    const first = await dispatch(lib, 'media:import', { paths: distinctCopies(10) })
    const running = (first as { data: { job: ImportJob } }).data.job
    const uploads = await uploadCopies(lib, 5)
    const started = await dispatch(lib, 'media:import-uploads', { uploads })
    const { job } = (started as { data: { job: ImportJob } }).data
    expect(job.state).toBe('queued')
    const cancelled = await cancel(lib, job.id)
    expect(cancelled).toMatchObject({ state: 'cancelled', filesDone: 0, bytesDone: 0 })
    expect(tmpFiles(lib).filter((name) => name.endsWith('.upload'))).toEqual([])
    await cancel(lib, running.id)
  })

  it('an import its process left unfinished shows what it got through after the next open', async () => {
    const dir = tempDir()
    const first = openLibrary(dir)
    // Stored once the sweep at open is done, as when it ran within openLibrary.
    await first.jobs.swept
    const id = await jobWithTwoOutcomes(first.catalog.repos)
    first.sqlite.db.close()
    const lib = testLibrary(dir)
    await lib.jobs.swept
    expect(await lib.importer.get(id)).toMatchObject({ state: 'failed', filesDone: 2, bytesDone: 1000 })
  })

  it('jobs that ended before migration 50 get their figures from their outcomes', async () => {
    const dir = tempDir()
    const older = migrations.filter((migration) => migration.version < 50)
    const { db } = openDatabase(path.join(dir, 'library.db'), older, {})
    db.prepare(
      `INSERT INTO import_jobs (id, state, source, link, imported_by, created_at, finished_at)
       VALUES ('${OLD_JOB}', 'cancelled', 'paths', 0, 'someone', '2026-01-01', '2026-01-01')`,
    ).run()
    const item = db.prepare(
      `INSERT INTO import_items (job_id, seq, path, name, size_bytes, outcome, finished_at)
       VALUES ('${OLD_JOB}', ?, 'p', 'n', ?, 'failed', '2026-01-01')`,
    )
    item.run(0, 300)
    item.run(1, 700)
    db.close()
    const lib = testLibrary(dir)
    expect(lib.sqlite.migration.applied).toContain('50-import-done-and-storage-bytes')
    expect(await lib.importer.get(OLD_JOB)).toMatchObject({ state: 'cancelled', filesDone: 2, bytesDone: 1000 })
  })
})
