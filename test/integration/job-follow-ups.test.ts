import { copyFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Job, JobKind } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { thumbnailKeys } from '../../main/library/library-paths'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')

/** A folder holding a VideoHelperSuite video, its PNG beside it, and a clip of its own. */
function drop(): string {
  const dir = tempDir()
  for (const file of [fx.genVhsSidecarMp4, fx.genVhsSidecarPng, fx.mp4])
    copyFileSync(file, path.join(dir, path.basename(file)))
  return dir
}

/** Starts an import of `folder` and waits for the import job alone to settle. */
async function importFolder(lib: Library, folder: string): Promise<Job> {
  const started = await dispatch(lib, 'media:import', { paths: [folder], link: false })
  if (!started.ok) throw new Error(started.error.message)
  const { id } = (started.data as { job: { id: string } }).job
  await lib.jobs.settled(id)
  return lib.jobs.get(id)
}

/** Every job of the library but `except`, once each has ended. */
async function endedJobs(lib: Library, except: string): Promise<Job[]> {
  const listed = (await lib.jobs.list({ limit: 50 })).filter((job) => job.id !== except)
  await Promise.all(listed.map((job) => lib.jobs.settled(job.id)))
  // Jobs the ones listed queued as they ended (the near-duplicate set after hashing).
  const again = (await lib.jobs.list({ limit: 50 })).filter((job) => job.id !== except)
  if (again.length > listed.length) return endedJobs(lib, except)
  return again
}

const kindsOf = (jobs: readonly Job[]) => jobs.map((job) => job.kind)

describe('follow-up jobs (issue 59 point 3: after import: thumbnails, similar-hash, sidecar-pairing)', () => {
  it('queues each follow-up of an import before the import settles, and each does its work as a job', async () => {
    const lib = testLibrary(tempDir(), { hashAfterImports: true })
    const imported = await importFolder(lib, drop())
    expect(imported).toMatchObject({ kind: 'import', state: 'done', result: { counts: { imported: 3 } } })
    // Already there when the import settled: whoever waits on an import finds its follow-ups queued.
    const queuedAtOnce = (await lib.jobs.list({ limit: 50 })).filter((job) => job.id !== imported.id)
    expect(kindsOf(queuedAtOnce).sort()).toEqual<JobKind[]>(['sidecar-pairing', 'similar-hash', 'thumbnails'])

    const jobs = await endedJobs(lib, imported.id)
    expect(jobs.map((job) => [job.kind, job.state]).sort()).toEqual([
      ['near-duplicate-set', 'done'],
      ['sidecar-pairing', 'done'],
      ['similar-hash', 'done'],
      ['thumbnails', 'done'],
    ])
    const byKind = new Map(jobs.map((job) => [job.kind, job]))
    expect(byKind.get('thumbnails')).toMatchObject({
      title: 'Thumbnails of 3 imported assets',
      params: { importJobId: imported.id },
      result: { made: 3, failed: 0 },
    })
    expect(byKind.get('sidecar-pairing')).toMatchObject({ params: { importJobId: imported.id }, result: { paired: 1 } })
    expect(byKind.get('similar-hash')).toMatchObject({ result: { counts: { hashed: 3, failed: 0 } } })
    // Three different clips and a PNG: no near-duplicates, and the set says so once brought up to date.
    expect(byKind.get('near-duplicate-set')).toMatchObject({ result: { assets: 0 } })
    expect(await lib.catalog.repos.similar.nearDuplicatesStale()).toBeNull()

    // The work itself: every poster in the store, the PNG stacked under its video.
    const ids = lib.sqlite.db.prepare<[], { id: string; media_type: string }>('SELECT id, media_type FROM videos').all()
    for (const { id } of ids) expect(await lib.store.stat(thumbnailKeys(id).poster)).not.toBeNull()
    const stacked = lib.sqlite.db.prepare<[], { reason: string }>('SELECT reason FROM stack_members').all()
    expect(stacked).toEqual([{ reason: 'sidecar' }])
  })

  it('queues no hashing where the host does not ask for it, and nothing for an import that brought nothing in', async () => {
    const lib = testLibrary()
    const folder = drop()
    const first = await importFolder(lib, folder)
    // No frames hashed, so no groups: nothing for the near-duplicate set to do.
    expect(kindsOf(await endedJobs(lib, first.id)).sort()).toEqual(['sidecar-pairing', 'thumbnails'])
    // The same files again: duplicates, no thumbnails to make; their pairing is looked at again (and finds it made).
    const again = await importFolder(lib, folder)
    expect(again.result).toMatchObject({ counts: { imported: 0, duplicate: 3 } })
    const after = (await endedJobs(lib, again.id)).flatMap((job) =>
      job.kind === 'thumbnails' || job.kind === 'sidecar-pairing' ? [job] : [],
    )
    expect(after.filter((job) => job.params.importJobId === again.id).map((job) => [job.kind, job.result])).toEqual([
      ['sidecar-pairing', { paired: 0 }],
    ])
  })

  it('brings the set with near-duplicates up to date as a job after a delete and its undo', async () => {
    const lib = testLibrary(tempDir(), { hashAfterImports: true })
    const imported = await importFolder(lib, drop())
    await endedJobs(lib, imported.id)
    const id = lib.sqlite.db.prepare<[], string>('SELECT id FROM videos LIMIT 1').pluck().get()!
    const before = (await lib.jobs.list({ kind: 'near-duplicate-set', limit: 5 })).length
    const deleted = await dispatch(lib, 'media:delete', { ids: [id] })
    if (!deleted.ok) throw new Error(deleted.error.message)
    const undone = await dispatch(lib, 'trash:undo', { batchId: (deleted.data as { batchId: string }).batchId })
    expect(undone.ok).toBe(true)
    const setJobs = await lib.jobs.list({ kind: 'near-duplicate-set', limit: 5 })
    // One for each write, unless the first still waited to start when the second was made.
    expect(setJobs.length - before).toBeGreaterThanOrEqual(1)
    expect(setJobs[0]).toMatchObject({ title: 'Bring the assets with near-duplicates up to date' })
    await Promise.all(setJobs.map((job) => lib.jobs.settled(job.id)))
    expect(await lib.catalog.repos.similar.nearDuplicatesStale()).toBeNull()
  })
})
