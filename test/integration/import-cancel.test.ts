import { appendFileSync, copyFileSync, createReadStream, existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportJob, ImportProgress, LibraryInfo } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import { openLibrary, type Library } from '../../main/library/library'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

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

function tmpFiles(lib: Library): string[] {
  const tmp = path.join(lib.dir, 'tmp')
  return existsSync(tmp) ? readdirSync(tmp) : []
}

async function tempBytes(lib: Library): Promise<number> {
  const envelope = await dispatch(lib, 'library:info', {})
  if (!envelope.ok) throw new Error(envelope.error.message)
  return (envelope.data as LibraryInfo).bytesOnDisk.temp
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
    const items = lib.repos.importJobs.items(job.id)
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
    expect(lib.repos.importJobs.items(job.id).length).toBeLessThan(20)
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
})
