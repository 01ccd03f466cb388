import {
  appendFileSync,
  copyFileSync,
  createReadStream,
  existsSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EventMessage, ImportItem, ImportJob, ImportProgress, Job } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import { openLibrary } from '../../main/app/open-library'
import { thumbnailPaths } from '../../main/library/library-paths'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { importAndWait, itemFor, openRemadeThumbnail, sha256Of } from '../helpers/ingest'
import { newestAssets, testLibrary } from '../helpers/library'
import { holderOf } from '../helpers/job-runner-harness'
import { deadPid } from '../helpers/processes'
import { tempDir } from '../helpers/temp-dir'

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

describe('import jobs', () => {
  it('announces state changes and per-file outcomes, and sends progress as events only', async () => {
    const lib = testLibrary()
    const seen: EventMessage[] = []
    lib.events.subscribe((event) => seen.push(event))
    const { job } = await importAndWait(lib, [fx.mp4, fx.jpg])

    const states = seen.flatMap((e) => (e.name === 'import:updated' && !e.payload.item ? [e.payload.job.state] : []))
    expect(states[0]).toBe('queued')
    expect(states.at(-1)).toBe('done')
    expect(states).toContain('running')
    const outcomes = seen.flatMap((e) =>
      e.name === 'import:updated' && e.payload.item ? [e.payload.item.outcome] : [],
    )
    expect(outcomes).toEqual(['imported', 'imported'])
    // Each outcome's event says what import:get reads back: the item, and the job's counts so far.
    const told = seen.flatMap((e) => (e.name === 'import:updated' && e.payload.item ? [e.payload] : []))
    const read = await dispatch(lib, 'import:get', { jobId: job.id })
    if (!read.ok) throw new Error(read.error.message)
    const { items } = read.data as { items: ImportItem[] }
    expect(told.map(({ item }) => item)).toEqual(told.map(({ item }) => items.find((each) => each.seq === item!.seq)))
    expect(told.map(({ job: each }) => [each.id, each.state, each.counts.imported, each.filesTotal])).toEqual([
      [job.id, 'running', 1, 2],
      [job.id, 'running', 2, 2],
    ])
    const ticks = seen.flatMap((e) => (e.name === 'import:progress' ? [e.payload] : [])) as ImportProgress[]
    const bytes = statSync(fx.mp4).size + statSync(fx.jpg).size
    expect(ticks.at(-1)).toEqual({
      jobId: job.id,
      filesDone: 2,
      filesTotal: 2,
      bytesDone: bytes,
      bytesTotal: bytes,
      current: null,
    })
    const thumbs = seen.flatMap((e) => (e.name === 'media:thumbnails' ? [e.payload] : []))
    expect(thumbs).toHaveLength(2)
    expect(thumbs.every((t) => t.poster && t.error === null)).toBe(true)
  })

  it('is a job of kind import, listed by jobs:list beside the other kinds with its typed params and result', async () => {
    const lib = testLibrary()
    const { job } = await importAndWait(lib, [fx.mp4, fx.jpg])
    const verify = await dispatch(lib, 'health:verify', {})
    if (!verify.ok) throw new Error(verify.error.message)
    await lib.jobs.settled((verify.data as { job: Job }).job.id)
    const listed = await dispatch(lib, 'jobs:list', {})
    if (!listed.ok) throw new Error(listed.error.message)
    const { jobs } = listed.data as { jobs: Job[] }
    const bytes = statSync(fx.mp4).size + statSync(fx.jpg).size
    // The import's follow-ups (app/job-follow-ups.ts) are jobs of their own, queued as it ended.
    // The import's follow-ups (app/job-follow-ups.ts) are jobs of their own, queued as it ended (in one millisecond:
    // their order among themselves is their ids').
    expect(jobs.map((listedJob) => listedJob.kind)).toEqual(
      jobs[1]!.kind === 'thumbnails'
        ? ['verify', 'thumbnails', 'sidecar-pairing', 'import']
        : ['verify', 'sidecar-pairing', 'thumbnails', 'import'],
    )
    expect(jobs.find((listedJob) => listedJob.kind === 'thumbnails')).toMatchObject({
      state: 'done',
      params: { importJobId: job.id },
      result: { made: 2, failed: 0 },
    })
    expect(jobs[3]).toMatchObject({
      id: job.id,
      state: 'done',
      title: `Import of ${path.basename(fx.mp4)} and 1 more`,
      params: { source: 'paths', link: false, importedBy: lib.actor },
      result: {
        files: { done: 2, total: 2 },
        bytes: { done: bytes, total: bytes },
        counts: { imported: 2, duplicate: 0, failed: 0 },
      },
    })
  })

  it('writes a poster and a sprite for videos, a poster for images, and regenerates a missing one', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.mp4, fx.png])
    const video = itemFor(items, fx.mp4).asset!.id
    const image = itemFor(items, fx.png).asset!.id
    expect(existsSync(thumbnailPaths(lib.dir, video).poster)).toBe(true)
    expect(existsSync(thumbnailPaths(lib.dir, video).sprite)).toBe(true)
    expect(existsSync(thumbnailPaths(lib.dir, image).poster)).toBe(true)
    expect(existsSync(thumbnailPaths(lib.dir, image).sprite)).toBe(false)

    const poster = thumbnailPaths(lib.dir, video).poster
    const size = statSync(poster).size
    rmSync(poster)
    const opened = await openRemadeThumbnail(lib, video, 'poster')
    await opened.close()
    expect(opened.path).toBe(poster)
    expect(statSync(poster).size).toBe(size)
  })

  it('refuses a path with a NUL character as a validation error, before any job starts', async () => {
    const lib = testLibrary()
    const refused = await dispatch(lib, 'media:import', { paths: [fx.mp4, `${fx.mp4}\0.jpg`] })
    expect(refused.ok ? refused : refused.error.code).toBe('validation')
    const listed = await dispatch(lib, 'import:list', {})
    expect(listed.ok && listed.data).toEqual({ jobs: [] })
  })

  it('cancels a running import: the job ends cancelled, partial work is cleaned up, imported files stay', async () => {
    const lib = testLibrary()
    const dir = tempDir()
    const many = Array.from({ length: 40 }, (_, index) => {
      const copy = path.join(dir, `copy-${index}.mp4`)
      copyFileSync(fx.mp4, copy)
      appendFileSync(copy, `distinct tail ${index}`)
      return copy
    })
    const started = await dispatch(lib, 'media:import', { paths: many })
    const { job } = (started as { data: { job: ImportJob } }).data
    await new Promise<void>((resolve) => {
      const stop = lib.events.subscribe((event) => {
        if (event.name === 'import:updated' && event.payload.item) resolve(stop())
      })
    })
    const cancelled = await dispatch(lib, 'import:cancel', { jobId: job.id })
    expect(cancelled).toMatchObject({ ok: true, data: { job: { state: 'cancelled' } } })
    const detail = await lib.catalog.repos.importItems.items(job.id)
    expect(detail.length).toBeGreaterThan(0)
    expect(detail.length).toBeLessThan(40)
    const imported = detail.filter((item) => item.outcome === 'imported')
    expect(lib.sqlite.db.prepare('SELECT COUNT(*) FROM videos').pluck().get()).toBe(imported.length)
    for (const item of imported) expect(existsSync(item.asset!.filePath)).toBe(true)
    await lib.importer.thumbnailsIdle()
    expect(readdirSync(path.join(lib.dir, 'tmp'))).toEqual([])
  })

  it('shows after a restart that an unfinished import was interrupted', async () => {
    const dir = tempDir()
    const first = openLibrary(dir)
    // Stored once the sweep at open is done, as when it ran within openLibrary.
    await first.jobs.swept
    const holder = holderOf(await deadPid())
    await first.catalog.repos.jobs.insert({
      id: '6c1f3c0e-8f5a-4d3e-9a51-0a4c2b7d9e10',
      kind: 'import',
      title: 'Import of x',
      assetId: null,
      params: { source: 'paths', link: false, importedBy: 'someone' },
      createdAt: new Date().toISOString(),
      holder,
    })
    await first.catalog.repos.jobs.start('6c1f3c0e-8f5a-4d3e-9a51-0a4c2b7d9e10', new Date().toISOString(), holder.id)
    first.sqlite.db.close()

    const lib = testLibrary(dir)
    await lib.jobs.swept
    const listed = await dispatch(lib, 'import:list', {})
    expect(listed).toMatchObject({
      ok: true,
      data: {
        jobs: [
          { id: '6c1f3c0e-8f5a-4d3e-9a51-0a4c2b7d9e10', state: 'failed', error: expect.stringMatching(/^Interrupted/) },
        ],
      },
    })
  })

  it('imports an upload by moving its temp file, and reports a repeated upload as a duplicate', async () => {
    const lib = testLibrary()
    const upload = await lib.uploads.receive(createReadStream(fx.mp4), 'from-browser.mp4')
    expect(upload).toMatchObject({ name: 'from-browser.mp4', size: statSync(fx.mp4).size, sha256: sha256Of(fx.mp4) })
    const started = await dispatch(lib, 'media:import-uploads', {
      uploads: [{ uploadId: upload.uploadId, name: 'shot.mp4' }],
    })
    expect(started.ok).toBe(true)
    await lib.importer.idle()
    const [row] = await newestAssets(lib, 10)
    expect(row).toMatchObject({ name: 'shot.mp4', originalPath: null, storage: 'copy', fileHash: sha256Of(fx.mp4) })
    expect(sha256Of(row!.filePath)).toBe(row!.fileHash)

    const again = await lib.uploads.receive(createReadStream(fx.mp4), 'again.mp4')
    await dispatch(lib, 'media:import-uploads', { uploads: [{ uploadId: again.uploadId, name: 'again.mp4' }] })
    await lib.importer.idle()
    const [job] = await lib.importer.list(1)
    expect(await lib.catalog.repos.importItems.items(job!.id)).toMatchObject([
      { name: 'again.mp4', outcome: 'duplicate', asset: { name: 'shot.mp4' } },
    ])
    await lib.importer.thumbnailsIdle()
    expect(readdirSync(path.join(lib.dir, 'tmp'))).toEqual([])

    const reused = await dispatch(lib, 'media:import-uploads', {
      uploads: [{ uploadId: again.uploadId, name: 'x.mp4' }],
    })
    expect(reused).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('does not hash an unchanged file twice, and hashes it again once it changes', async () => {
    const lib = testLibrary()
    const source = path.join(tempDir(), 'clip.mp4')
    copyFileSync(fx.mp4, source)
    const first = await importAndWait(lib, [source])
    const cache = () => lib.sqlite.db.prepare('SELECT path, size, sha256 FROM file_hash_cache').all()
    expect(cache()).toEqual([{ path: source, size: statSync(source).size, sha256: sha256Of(source) }])

    // A planted digest proves the cache answers while path, size and mtime are unchanged.
    const planted = `sha256:${'0'.repeat(64)}`
    lib.sqlite.db.prepare('UPDATE file_hash_cache SET sha256 = ?').run(planted)
    const cachedRun = await importAndWait(lib, [source])
    expect((await lib.catalog.repos.media.get(itemFor(cachedRun.items, source).asset!.id))?.fileHash).toBe(planted)

    utimesSync(source, new Date(), new Date(Date.now() + 5000))
    const touched = await importAndWait(lib, [source])
    expect(itemFor(touched.items, source)).toMatchObject({
      outcome: 'duplicate',
      asset: { id: itemFor(first.items, source).asset!.id },
    })
    expect(cache()).toEqual([{ path: source, size: statSync(source).size, sha256: sha256Of(source) }])
  })
})
