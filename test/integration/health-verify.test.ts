import { closeSync, copyFileSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import type { ChannelOutput, EventMessage, EventPayload, Job, MediaAsset } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { thumbnailPaths } from '../../main/library/library-paths'
import { openThumbnail } from '../../main/services/assets/thumbnail-files'
import { startWebHost } from '../../main/web/web-host'
import type { Fixtures } from '../fixtures/make-fixtures'
import { call, type Page } from '../helpers/browse'
import { healthView, insertAssetRow, runHealthJob, sparseFile, zerosDigest } from '../helpers/health'
import { http } from '../helpers/http'
import { importAndWait, openRemadeThumbnail } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

type Started = { job: Job }
type Progress = EventPayload<'job:progress'>
type Asset = MediaAsset & { tags: string[] }

/** Copies fixtures into a fresh library; returns the library and its assets by file name. */
async function libraryWith(names: Array<keyof Fixtures>) {
  const fx = inject('fixtures')
  const lib = testLibrary()
  const { items } = await importAndWait(
    lib,
    names.map((name) => fx[name] as string),
  )
  const byName = new Map<string, MediaAsset>()
  for (const item of items) byName.set(path.basename(item.path), (await lib.catalog.repos.media.get(item.asset!.id))!)
  return { lib, byName, file: (asset: MediaAsset) => path.resolve(lib.dir, asset.filePath) }
}

function recordEvents(lib: LocalLibrary): EventMessage[] {
  const seen: EventMessage[] = []
  lib.events.subscribe((event) => seen.push(event))
  return seen
}

describe('health:verify', () => {
  it('finds a file whose bytes were edited and one that was deleted; the others get verified_at', async () => {
    const { lib, byName, file } = await libraryWith(['mp4', 'mov', 'png', 'webm'])
    const edited = byName.get('clip.mov')!
    const deleted = byName.get('image.png')!
    // Same size, one byte different: only the full SHA-256 can tell.
    const fd = openSync(file(edited), 'r+')
    writeSync(fd, Buffer.from([0x5a]), 0, 1, Math.floor(edited.sizeBytes! / 2))
    closeSync(fd)
    rmSync(file(deleted))
    const events = recordEvents(lib)

    const { job, items } = await runHealthJob(lib, 'health:verify', {})

    const bytes = [...byName.values()].reduce((sum, asset) => sum + asset.sizeBytes!, 0)
    expect(job).toMatchObject({ state: 'done', filesTotal: 4, filesDone: 4, bytesTotal: bytes, bytesDone: bytes })
    expect(job.counts).toMatchObject({ ok: 2, changed: 1, missing: 1, failed: 0 })
    expect(items.map((item) => [item.id, item.outcome])).toEqual(
      expect.arrayContaining([
        [edited.id, 'changed'],
        [deleted.id, 'missing'],
      ]),
    )
    expect(items).toHaveLength(2)
    for (const name of ['clip.mp4', 'clip.webm']) {
      const asset = (await lib.catalog.repos.media.get(byName.get(name)!.id))!
      expect(asset.health).toBeNull()
      expect(Date.parse(asset.verifiedAt!)).toBeGreaterThanOrEqual(Date.parse(job.startedAt!))
    }
    expect(await lib.catalog.repos.media.get(edited.id)).toMatchObject({ health: 'changed', verifiedAt: null })
    expect(await lib.catalog.repos.media.get(deleted.id)).toMatchObject({ health: 'missing', verifiedAt: null })

    const progress = events.filter((event) => event.name === 'job:progress').map((e) => e.payload as Progress)
    expect(progress.at(-1)).toMatchObject({
      jobId: job.id,
      kind: 'verify',
      fraction: 1,
      files: { done: 4, total: 4 },
      bytes: { done: bytes, total: bytes },
    })
    expect(events.map((event) => event.name)).toContain('library:changed')

    const report = await call<ChannelOutput<'health:report'>>(lib, 'health:report', {})
    expect(report.counts).toEqual({ total: 4, missing: 1, changed: 1 })
    expect(report.missing).toEqual([
      { id: deleted.id, name: 'image.png', path: deleted.filePath, storage: 'copy', since: expect.any(String) },
    ])
    expect(report.changed.map((asset) => asset.id)).toEqual([edited.id])

    // Put right again, a verify of just that asset clears its flag.
    copyFileSync(inject('fixtures').mov, file(edited))
    const again = await runHealthJob(lib, 'health:verify', { ids: [edited.id] })
    expect(again.job).toMatchObject({ state: 'done', filesTotal: 1, counts: expect.objectContaining({ ok: 1 }) })
    expect(await lib.catalog.repos.media.get(edited.id)).toMatchObject({ health: null, verifiedAt: expect.any(String) })
  })

  it('says "changed" when the size differs, and refuses unknown ids before any job exists', async () => {
    const { lib, byName, file } = await libraryWith(['mp4'])
    const asset = byName.get('clip.mp4')!
    truncateSync(file(asset), 1000)
    const { items } = await runHealthJob(lib, 'health:verify', { ids: [asset.id] })
    expect(items).toEqual([
      expect.objectContaining({ outcome: 'changed', reason: expect.stringMatching(/1000 bytes/) }),
    ])
    const refused = await lib.jobs.list({ limit: 100 })
    await expect(call(lib, 'health:verify', { ids: [asset.id, 'nope'] })).rejects.toThrow(
      /not_found No asset with id nope/,
    )
    expect(await lib.jobs.list({ limit: 100 })).toEqual(refused)
  })

  it('shows a missing asset in media:list, media:get and the health filter', async () => {
    const { lib, byName, file } = await libraryWith(['mp4', 'png'])
    const gone = byName.get('clip.mp4')!
    rmSync(file(gone))
    await runHealthJob(lib, 'health:verify', {})

    const listed = await call<Page>(lib, 'media:list', { limit: 10 })
    expect(new Map(listed.items.map((asset) => [asset.id, asset.health]))).toEqual(
      new Map([
        [gone.id, 'missing'],
        [byName.get('image.png')!.id, null],
      ]),
    )
    expect(await call<Asset>(lib, 'media:get', { id: gone.id })).toMatchObject({ health: 'missing' })
    for (const sort of [undefined, { by: 'name', dir: 'asc' }]) {
      const missing = await call<Page>(lib, 'media:list', { limit: 10, filter: { health: ['missing'] }, sort })
      expect(missing.items.map((asset) => asset.id)).toEqual([gone.id])
    }
    const changed = await call<Page>(lib, 'media:list', { limit: 10, filter: { health: ['changed'] } })
    expect(changed.items).toEqual([])
    const facets = await call<{ total: number }>(lib, 'media:facets', { filter: { health: ['missing', 'changed'] } })
    expect(facets.total).toBe(1)
    // The flagged assets drive the page through migration 0080's partial index, not a walk of every asset.
    const plan = lib.sqlite.db
      .prepare<[], { detail: string }>(
        "EXPLAIN QUERY PLAN SELECT id FROM videos INDEXED BY videos_health WHERE health IN ('missing')",
      )
      .all()
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX videos_health/)
  })

  it('flags an asset missing when the media file route finds its file gone', async () => {
    const { lib, byName, file } = await libraryWith(['mp4', 'png'])
    const gone = byName.get('image.png')!
    rmSync(file(gone))
    const host = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0 })
    try {
      const headers = { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` }
      const present = await http(host.port, { path: `/media/files/${byName.get('clip.mp4')!.id}`, headers })
      expect(present.status).toBe(200)
      const reply = await http(host.port, { path: `/media/files/${gone.id}`, headers })
      expect(reply.status).toBe(404)
    } finally {
      await host.close()
    }
    expect(await lib.catalog.repos.media.get(gone.id)).toMatchObject({ health: 'missing' })
    expect(await lib.catalog.repos.media.get(byName.get('clip.mp4')!.id)).toMatchObject({ health: null })
  })
  it('flags an asset missing when its thumbnail cannot be made again because its file is gone', async () => {
    const { lib, byName, file } = await libraryWith(['png', 'mov'])
    const gone = byName.get('image.png')!
    rmSync(file(gone))
    rmSync(thumbnailPaths(lib.dir, gone.id).poster)
    // Answered at once as pending; the flag comes when making it again has failed.
    await expect(openThumbnail(lib, gone.id, 'poster')).rejects.toMatchObject({ details: { pending: true } })
    await vi.waitFor(async () =>
      expect(await lib.catalog.repos.media.get(gone.id)).toMatchObject({ health: 'missing' }),
    )
    // A thumbnail that is merely gone is made again from the file that is there: no flag.
    const kept = byName.get('clip.mov')!
    rmSync(thumbnailPaths(lib.dir, kept.id).poster)
    const opened = await openRemadeThumbnail(lib, kept.id, 'poster')
    await opened.close()
    expect(await lib.catalog.repos.media.get(kept.id)).toMatchObject({ health: null })
  })
})

/** A library of 12 linked assets over sparse files of `size` bytes: many bytes to hash (zeros, read at memory speed) without filling the disk. */
async function bigLibrary(size: number): Promise<LocalLibrary> {
  const lib = testLibrary()
  const folder = tempDir()
  const sha256 = zerosDigest(size)
  await lib.catalog.transaction(async ({ media }) => {
    for (let index = 0; index < 12; index++) {
      const file = sparseFile(path.join(folder, `big-${index}.bin`), size)
      await insertAssetRow(
        lib,
        { id: `B${index + 10}`, file, size, sha256, sampledId: `${index}`.padStart(16, '0') },
        media,
      )
    }
  })
  return lib
}

describe('cancelling health:verify', () => {
  it('stops part way; checked assets keep their results, the rest are untouched, a new verify completes', async () => {
    const size = 64 * 1024 * 1024
    const lib = await bigLibrary(size)
    let cancelled: Promise<Started> | undefined
    lib.events.subscribe((event) => {
      if (event.name === 'job:progress' && event.payload.files!.done >= 1) {
        cancelled ??= call<Started>(lib, 'jobs:cancel', { jobId: event.payload.jobId })
      }
    })

    const { job } = await call<Started>(lib, 'health:verify', {})
    await lib.jobs.settled(job.id)
    const stopped = healthView((await cancelled!).job)

    expect(stopped).toMatchObject({ id: job.id, state: 'cancelled', filesTotal: 12 })
    expect(stopped.filesDone).toBeGreaterThanOrEqual(1)
    expect(stopped.filesDone).toBeLessThan(12)
    expect(stopped.bytesDone).toBe(stopped.filesDone * size)
    const rows = lib.sqlite.db.prepare<[], { verified_at: string | null; health: string | null }>(
      'SELECT verified_at, health FROM videos ORDER BY id',
    )
    expect(rows.all().filter((row) => row.verified_at !== null)).toHaveLength(stopped.counts.ok)
    expect(stopped.counts.ok).toBe(stopped.filesDone)
    expect(rows.all().every((row) => row.health === null)).toBe(true)

    const complete = await runHealthJob(lib, 'health:verify', {})
    expect(complete.job).toMatchObject({ state: 'done', filesDone: 12, counts: expect.objectContaining({ ok: 12 }) })
    expect(rows.all().every((row) => row.verified_at !== null)).toBe(true)
  })

  it('runs one health job at a time: the next waits queued, and a queued one is cancelled without running', async () => {
    const lib = await bigLibrary(64 * 1024 * 1024)
    const [first, next, third] = await Promise.all([
      call<Started>(lib, 'health:verify', {}),
      call<Started>(lib, 'health:relink', { folder: tempDir() }),
      call<Started>(lib, 'health:verify', {}),
    ])
    // Each is stored queued; the first runs from there, the others wait behind it.
    expect([first, next, third].map(({ job }) => job.state)).toEqual(['queued', 'queued', 'queued'])
    const stateOf = async ({ job }: Started) => (await lib.jobs.get(job.id)).state
    await expect.poll(() => stateOf(first)).toBe('running')
    expect([await stateOf(next), await stateOf(third)]).toEqual(['queued', 'queued'])
    const dropped = (await call<Started>(lib, 'jobs:cancel', { jobId: third.job.id })).job
    expect(dropped).toMatchObject({ state: 'cancelled', startedAt: null, result: null })
    expect(await stateOf(next)).toBe('queued')

    await call<Started>(lib, 'jobs:cancel', { jobId: first.job.id })
    await lib.jobs.settled(next.job.id)
    const [verify, relink] = await Promise.all([first, next].map(({ job }) => lib.jobs.get(job.id)))
    expect([verify!.state, relink!.state]).toEqual(['cancelled', 'done'])
    // The relink began only once the verify had stopped.
    expect(Date.parse(relink!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(verify!.finishedAt!))
    expect(healthView(relink!).counts).toMatchObject({ missing: 0, relinked: 0 })
  })
})
