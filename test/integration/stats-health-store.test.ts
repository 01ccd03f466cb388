import { copyFileSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import type { Job, MediaFilter } from '../../shared/contract'
import type { Library } from '../../main/library/library'
import { storeOver } from '../helpers/app-store'
import { healthResultOf } from '../../renderer/src/features/health/health-slice'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

const countOf = (lib: Library, filter: MediaFilter) =>
  call<{ total: number }>(lib, 'media:facets', { filter }).then((facets) => facets.total)

describe('stats slice over the real backend', () => {
  it('loads figures whose groupings add up to the total, with codec links that leave exactly their bucket', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4, fixtures.webm, fixtures.mov, fixtures.jpg, fixtures.png, fixtures.longClip])
    const { store, stop } = storeOver(lib, '#/stats')
    await store.getState().loadStats()
    const { stats, statsStatus, statsCodecFilters } = store.getState()
    expect(statsStatus).toBe('ready')
    expect(stats!.total.count).toBe(6)
    for (const grouping of [stats!.byMediaType, stats!.bySourceType, stats!.byCodec, stats!.byResolution]) {
      expect(grouping.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(6)
      expect(grouping.reduce((sum, bucket) => sum + bucket.bytes, 0)).toBe(stats!.total.bytes)
    }
    // Every named codec gets a filter, and the library shows as many assets under it as the bar says.
    const named = stats!.byCodec.filter((bucket) => bucket.key !== 'Unknown')
    expect(Object.keys(statsCodecFilters).sort()).toEqual(named.map((bucket) => bucket.key).sort())
    for (const bucket of named) expect(await countOf(lib, statsCodecFilters[bucket.key]!)).toBe(bucket.count)
    stop()
  })

  it('reads the figures again on a library change only while the Stats page is shown', async () => {
    const lib = testLibrary()
    const { client, store, stop } = storeOver(lib)
    const reads = vi.spyOn(client, 'library:stats')
    await importAndWait(lib, [fixtures.mp4])
    expect(reads).not.toHaveBeenCalled()

    store.getState().navigate('stats')
    await store.getState().loadStats()
    expect(store.getState().stats?.total.count).toBe(1)
    await importAndWait(lib, [fixtures.png, fixtures.jpg])
    await vi.waitFor(() => expect(store.getState().stats?.total.count).toBe(3))
    stop()
  })

  it('works the codec links out again when the codecs change, not on every refresh', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4])
    const { client, store, stop } = storeOver(lib, '#/stats')
    await store.getState().loadStats()
    const facets = vi.spyOn(client, 'media:facets')
    // The library view counts its facets on changes too; the links' calls are those per media type.
    const linkCalls = () => facets.mock.calls.filter(([input]) => input.filter?.mediaType !== undefined).length
    const reads = vi.spyOn(client, 'library:stats')
    await importAndWait(lib, [fixtures.rotated]) // H.264 again: same codecs
    await vi.waitFor(() => expect(store.getState().stats?.total.count).toBe(2))
    await reads.mock.results.at(-1)!.value
    expect(linkCalls()).toBe(0)

    await importAndWait(lib, [fixtures.webm]) // VP9: a new bucket, so a new link
    await vi.waitFor(() => expect(store.getState().statsCodecFilters).toHaveProperty('VP9', { codec: ['vp9'] }))
    expect(store.getState().statsCodecFilters['H.264']).toEqual({ codec: ['h264'] })
    expect(linkCalls()).toBe(3) // video, image, audio
    stop()
  })

  it('reads the figures and the health report once for a burst of changes (an import sends one per file)', async () => {
    const lib = testLibrary()
    const { client, store, stop } = storeOver(lib, '#/stats')
    await store.getState().loadStats()
    const reads = vi.spyOn(client, 'library:stats')
    const reports = vi.spyOn(client, 'health:report')
    // One event per turn of the event loop, as files finish (the bus merges events of one turn).
    for (let file = 0; file < 20; file++) {
      lib.events.emit('library:changed', { tables: ['videos', 'import_items'], seq: file + 1 })
      await new Promise((resolve) => setImmediate(resolve))
    }
    await vi.waitFor(() => expect(reads).toHaveBeenCalledTimes(1))
    await vi.waitFor(() => expect(reports).toHaveBeenCalledTimes(1))
    await Promise.all([reads.mock.results[0]!.value, reports.mock.results[0]!.value])
    await Promise.all([store.getState().loadStats(), store.getState().loadHealthReport()])
    // The burst's one read of each, and these.
    expect(reads).toHaveBeenCalledTimes(2)
    expect(reports).toHaveBeenCalledTimes(2)
    stop()
  })

  it('keeps the last figures and records the error when a read fails', async () => {
    const lib = testLibrary()
    const { client, store, stop } = storeOver(lib, '#/stats')
    await store.getState().loadStats()
    vi.spyOn(client, 'library:stats').mockRejectedValueOnce(new Error('gone'))
    await store.getState().loadStats()
    expect(store.getState()).toMatchObject({ statsStatus: 'failed', statsError: { message: 'Error: gone' } })
    expect(store.getState().stats?.total.count).toBe(0)
    stop()
  })
})

describe('health slice over the real backend', () => {
  it('verifies from the store: the job, its results and the report of the missing file', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.webm])
    const gone = items.find((item) => item.path === fixtures.png)!.asset!
    rmSync(path.resolve(lib.dir, gone.filePath))
    const { store, stop } = storeOver(lib, '#/stats')
    await store.getState().loadHealth()

    expect(await store.getState().startVerify()).toBeUndefined()
    await vi.waitFor(() => expect(store.getState().healthJobs[0]).toMatchObject({ kind: 'verify', state: 'done' }))
    const job = store.getState().healthJobs[0]!
    expect(healthResultOf(job)).toMatchObject({
      counts: { ok: 2, missing: 1 },
      items: [{ id: gone.id, outcome: 'missing' }],
      unlisted: 0,
    })
    await vi.waitFor(() =>
      expect(store.getState().healthReport?.missing).toMatchObject([{ id: gone.id, name: 'image.png' }]),
    )
    expect(store.getState().healthProgress).toEqual({})

    // A progress tick that arrives after the job ended does not bring a progress bar back.
    store.getState().healthProgressed({
      jobId: job.id,
      kind: 'verify',
      fraction: 0.3,
      doing: 'clip.mp4',
      files: { done: 1, total: 3 },
      bytes: { done: 0, total: null },
    })
    expect(store.getState().healthProgress).toEqual({})

    // Other kinds of jobs are not health jobs: their events leave the slice as it is.
    const params = { analyzer: 'scenes' as const, config: {}, configHash: 'c', force: false }
    const analysis = lib.jobs.start({ kind: 'analysis', title: 'not health', params }, async () => {
      throw new Error('no file to analyse')
    })
    await lib.jobs.settled(analysis.id)
    store.getState().healthUpdated(lib.jobs.get(analysis.id))
    expect(store.getState().healthJobs.map((known) => known.id)).toEqual([job.id])
    stop()
  })

  it('follows a job another window started, and a new window loads the last results back', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4])
    const { store, stop } = storeOver(lib, '#/stats')
    await store.getState().loadHealth()
    const { job } = await call<{ job: Job }>(lib, 'health:verify', {})
    await vi.waitFor(() =>
      expect(store.getState().healthJobs).toMatchObject([{ id: job.id, state: 'done', result: { counts: { ok: 1 } } }]),
    )
    stop()

    const other = storeOver(lib, '#/stats')
    await other.store.getState().loadHealth()
    expect(other.store.getState().healthJobs.map((known) => known.id)).toEqual([job.id])
    expect(healthResultOf(other.store.getState().healthJobs[0]!)).toMatchObject({ counts: { ok: 1 }, items: [] })
    other.stop()
  })

  it('relinks a moved linked file, and hands the refusal of a folder outside the gate back to the form', async () => {
    const allowed = tempDir()
    const lib = testLibrary(tempDir(), { allowedPaths: [allowed] })
    const original = path.join(allowed, 'clip.mp4')
    copyFileSync(fixtures.mp4, original)
    const { items } = await importAndWait(lib, [original], true)
    const asset = items[0]!.asset!
    const moved = path.join(allowed, 'moved', 'clip.mp4')
    rmSync(path.dirname(moved), { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(moved)))
    renameSync(original, moved)
    const { store, stop } = storeOver(lib, '#/stats')

    const refusal = await store.getState().startRelink(tempDir())
    expect(refusal).toMatchObject({ message: expect.stringMatching(/outside/) })
    expect(store.getState().healthJobs).toEqual([])

    expect(await store.getState().startRelink(allowed)).toBeUndefined()
    await vi.waitFor(() => expect(store.getState().healthJobs[0]).toMatchObject({ kind: 'relink', state: 'done' }))
    expect(healthResultOf(store.getState().healthJobs[0]!)?.items).toMatchObject([
      { id: asset.id, outcome: 'relinked', newPath: moved },
    ])
    stop()
  })
})
