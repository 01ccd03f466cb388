import { execFileSync } from 'node:child_process'
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, onTestFinished, vi } from 'vitest'
import type { Job, MediaFilter } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import type { QueryClient } from '@tanstack/react-query'
import { onScreen, storeOver } from '../helpers/app-store'
import type { Client } from '../../renderer/src/api/client'
import { backendQuery } from '../../renderer/src/api/query-cache'
import { codecLinksQuery, statsQuery } from '../../renderer/src/features/stats/stats-queries'
import { healthResultOf } from '../../renderer/src/features/health/job-summary'
import {
  currentTick,
  onJobEnded,
  openedJobsInput,
  seenJobs,
  startJob,
  trackedJobs,
} from '../../renderer/src/api/job-tracker'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

// What the health section asks for (its list of flagged files), and the view of its newest job of a kind.
const REPORT = { limit: 1000 }
const newest = (kind: 'verify' | 'relink') => ({ kind, keep: 1, recent: true })

/** The Stats page's queries as it holds them: the figures, and the codec links of the figures shown. */
function statsPage(client: Client, cache: QueryClient) {
  const figures = onScreen(cache, statsQuery(client))
  const links = onScreen(cache, codecLinksQuery(client, undefined))
  const follow = figures.observer.subscribe((result) => links.observer.setOptions(codecLinksQuery(client, result.data)))
  return {
    figures,
    stats: () => figures.current().data,
    links: () => links.current().data,
    stop() {
      follow()
      figures.stop()
      links.stop()
    },
  }
}

const countOf = (lib: Library, filter: MediaFilter) =>
  call<{ total: number }>(lib, 'media:facets', { filter }).then((facets) => facets.total)

describe("the Stats page's queries over the real backend", () => {
  it('loads figures whose groupings add up to the total, with codec links that leave exactly their bucket', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4, fixtures.webm, fixtures.mov, fixtures.jpg, fixtures.png, fixtures.longClip])
    const { client, cache, stop } = storeOver(lib, '#/stats')
    const page = statsPage(client, cache)
    await vi.waitFor(() => expect(page.links()).toBeDefined())
    const stats = page.stats()!
    expect(page.figures.current().status).toBe('success')
    expect(stats.total.count).toBe(6)
    for (const grouping of [stats.byMediaType, stats.bySourceType, stats.byCodec, stats.byResolution]) {
      expect(grouping.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(6)
      expect(grouping.reduce((sum, bucket) => sum + bucket.bytes, 0)).toBe(stats.total.bytes)
    }
    // Every named codec gets a filter, and the library shows as many assets under it as the bar says.
    const named = stats.byCodec.filter((bucket) => bucket.key !== 'Unknown')
    const links = page.links()!
    expect(Object.keys(links).sort()).toEqual(named.map((bucket) => bucket.key).sort())
    for (const bucket of named) expect(await countOf(lib, links[bucket.key]!)).toBe(bucket.count)
    page.stop()
    stop()
  })

  it('reads the figures again on a library change only while the Stats page is shown', async () => {
    const lib = testLibrary()
    const { client, cache, stop } = storeOver(lib)
    const reads = vi.spyOn(client, 'library:stats')
    await importAndWait(lib, [fixtures.mp4])
    expect(reads).not.toHaveBeenCalled()

    const page = statsPage(client, cache)
    await vi.waitFor(() => expect(page.stats()?.total.count).toBe(1))
    await importAndWait(lib, [fixtures.png, fixtures.jpg])
    await vi.waitFor(() => expect(page.stats()?.total.count).toBe(3))
    const shown = reads.mock.calls.length
    page.stop()
    await importAndWait(lib, [fixtures.webm])
    await new Promise((resolve) => setTimeout(resolve, 400)) // past the burst window of query-events.ts
    expect(reads).toHaveBeenCalledTimes(shown)
    stop()
  })

  it('works the codec links out again when the codecs change, not on every refresh', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4])
    const { client, cache, stop } = storeOver(lib, '#/stats')
    const page = statsPage(client, cache)
    await vi.waitFor(() => expect(page.links()).toHaveProperty('H.264'))
    const facets = vi.spyOn(client, 'media:facets')
    // The links' calls are those per media type.
    const linkCalls = () => facets.mock.calls.filter(([input]) => input.filter?.mediaType !== undefined).length
    const reads = vi.spyOn(client, 'library:stats')
    await importAndWait(lib, [fixtures.rotated]) // H.264 again: same codecs
    await vi.waitFor(() => expect(page.stats()?.total.count).toBe(2))
    await reads.mock.results.at(-1)!.value
    expect(linkCalls()).toBe(0)

    await importAndWait(lib, [fixtures.webm]) // VP9: a new bucket, so a new link
    await vi.waitFor(() => expect(page.links()).toHaveProperty('VP9', { codec: ['vp9'] }))
    expect(page.links()!['H.264']).toEqual({ codec: ['h264'] })
    expect(linkCalls()).toBe(3) // video, image, audio
    page.stop()
    stop()
  })

  it('reads the figures and the health report once for a burst of changes (an import sends one per file)', async () => {
    const lib = testLibrary()
    const { client, cache, stop } = storeOver(lib, '#/stats')
    const page = statsPage(client, cache)
    const report = onScreen(cache, backendQuery(client, 'health:report', REPORT))
    await vi.waitFor(() => expect([page.stats(), report.current().data]).not.toContain(undefined))
    const reads = vi.spyOn(client, 'library:stats')
    const reports = vi.spyOn(client, 'health:report')
    // One event per turn of the event loop, as files finish (the bus merges events of one turn).
    for (let file = 0; file < 20; file++) {
      lib.events.emit('library:changed', {
        tables: ['videos', 'import_items'],
        topics: ['assets', 'imports'],
        seq: file + 1,
      })
      await new Promise((resolve) => setImmediate(resolve))
    }
    await vi.waitFor(() => expect(reads).toHaveBeenCalledTimes(1))
    await vi.waitFor(() => expect(reports).toHaveBeenCalledTimes(1))
    await Promise.all([reads.mock.results[0]!.value, reports.mock.results[0]!.value])
    await Promise.all([page.figures.observer.refetch(), report.observer.refetch()])
    // The burst's one read of each, and these.
    expect(reads).toHaveBeenCalledTimes(2)
    expect(reports).toHaveBeenCalledTimes(2)
    report.stop()
    page.stop()
    stop()
  })

  it('keeps the last figures and records the error when a read fails', async () => {
    const lib = testLibrary()
    const { client, cache, stop } = storeOver(lib, '#/stats')
    const page = statsPage(client, cache)
    await vi.waitFor(() => expect(page.stats()).toBeDefined())
    vi.spyOn(client, 'library:stats').mockRejectedValueOnce(new Error('gone'))
    await page.figures.observer.refetch()
    expect(page.figures.current()).toMatchObject({ status: 'error', error: { message: 'gone' } })
    expect(page.stats()?.total.count).toBe(0)
    page.stop()
    stop()
  })
})

describe('health jobs through the job tracker over the real backend', () => {
  it('verifies: the job, its results and the report of the missing file, and a late tick brings no progress back', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.webm])
    const gone = items.find((item) => item.path === fixtures.png)!.asset!
    rmSync(path.resolve(lib.dir, gone.filePath))
    const { client, cache, stop } = storeOver(lib, '#/stats')
    const report = onScreen(cache, backendQuery(client, 'health:report', REPORT))
    const since = currentTick()
    const verifies = () => trackedJobs(seenJobs(cache), [], since, newest('verify'))

    expect(await startJob(cache, () => client['health:verify']({}))).toBeUndefined()
    await vi.waitFor(() => expect(verifies()[0]?.job).toMatchObject({ kind: 'verify', state: 'done' }))
    const { job, progress } = verifies()[0]!
    expect(progress).toBeNull()
    expect(healthResultOf(job)).toMatchObject({
      counts: { ok: 2, missing: 1 },
      items: [{ id: gone.id, outcome: 'missing' }],
      unlisted: 0,
    })
    await vi.waitFor(() => expect(report.current().data?.missing).toMatchObject([{ id: gone.id, name: 'image.png' }]))

    // A progress tick that arrives after the job ended does not bring a progress bar back.
    lib.events.emit('job:progress', {
      jobId: job.id,
      kind: 'verify',
      fraction: 0.3,
      doing: 'clip.mp4',
      files: { done: 1, total: 3 },
      bytes: { done: 0, total: null },
    })
    expect(verifies()).toEqual([{ job, progress: null }])
    // An analysis of no asset: it fails at once.
    const params = { analyzer: 'scenes' as const, config: {}, configHash: 'c', legacyConfigHash: 'c', force: false }
    const analysis = await lib.jobs.start('analysis', params, { title: 'not health' })
    await vi.waitFor(() => expect(seenJobs(cache).get(analysis.id)?.job.state).toBe('failed'))
    // Other kinds of jobs are tracked too, and are not among the health jobs.
    expect(verifies()).toEqual([{ job, progress: null }])
    expect(
      trackedJobs(seenJobs(cache), [], since, { keep: 5 })
        .map((known) => known.job.kind)
        .sort(),
    ).toEqual(['analysis', 'verify'])
    report.stop()
    stop()
  })

  it('follows a job another window started, and a new window reads the last results back when it opens', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4])
    const { cache, stop } = storeOver(lib, '#/stats')
    const since = currentTick()
    const { job } = await call<{ job: Job }>(lib, 'health:verify', {})
    await vi.waitFor(() =>
      expect(trackedJobs(seenJobs(cache), [], since, newest('verify')).map((known) => known.job)).toMatchObject([
        { id: job.id, state: 'done', result: { counts: { ok: 1 } } },
      ]),
    )
    stop()

    const other = storeOver(lib, '#/stats')
    const opened = await other.client['jobs:list'](openedJobsInput(newest('verify')))
    const shown = trackedJobs(seenJobs(other.cache), opened.jobs, currentTick(), newest('verify'))
    expect(shown.map((known) => known.job.id)).toEqual([job.id])
    expect(healthResultOf(shown[0]!.job)).toMatchObject({ counts: { ok: 1 }, items: [] })
    other.stop()
  })

  it('reads a job it only hears progress of, keeps its progress, and tells its end once', async () => {
    const lib = testLibrary()
    // A history import that reads a named pipe runs until something is written to it; not JSON, it then fails.
    const pipe = path.join(tempDir(), 'history.json')
    execFileSync('mkfifo', [pipe])
    let released = false
    const stopJob = () => {
      released = true
      writeFileSync(pipe, 'not json')
    }
    // Should an assertion fail, the job must still end, or closing the library waits on it.
    onTestFinished(() => (released ? undefined : stopJob()))
    const ticks: string[] = []
    lib.events.subscribe((event) => {
      if (event.name === 'job:progress') ticks.push(event.payload.jobId)
    })
    const running = await lib.jobs.start(
      'history-import',
      { historyPath: pipe, outputDir: tempDir() },
      { title: 'started before the window' },
    )
    // Its own tick ("reading the history") goes out before the window opens; blocked on the pipe, it sends no other.
    await vi.waitFor(() => expect(ticks).toContain(running.id))
    const { cache, stop } = storeOver(lib)
    const ended: string[] = []
    onJobEnded(cache, (job) => ended.push(job.id))
    // The window opened after the job's start: its first word of it is a progress tick.
    lib.events.emit('job:progress', {
      jobId: running.id,
      kind: 'history-import',
      fraction: 0.5,
      doing: 'frame 20',
      files: null,
      bytes: null,
    })
    await vi.waitFor(() =>
      expect(seenJobs(cache).get(running.id)).toMatchObject({
        job: { id: running.id, state: 'running' },
        progress: { fraction: 0.5, doing: 'frame 20' },
      }),
    )
    stopJob()
    await lib.jobs.settled(running.id)
    await vi.waitFor(() =>
      expect(seenJobs(cache).get(running.id)).toMatchObject({ job: { state: 'failed' }, progress: null }),
    )
    // A late copy of its end is no second end.
    lib.events.emit('job:updated', { job: await lib.jobs.get(running.id) })
    expect(ended.filter((id) => id === running.id)).toEqual([running.id])
    stop()
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
    const { client, cache, stop } = storeOver(lib, '#/stats')
    const since = currentTick()
    const relinks = () => trackedJobs(seenJobs(cache), [], since, newest('relink'))

    const refusal = await startJob(cache, () => client['health:relink']({ folder: tempDir() }))
    expect(refusal).toMatchObject({ message: expect.stringMatching(/outside/) })
    expect(relinks()).toEqual([])

    expect(await startJob(cache, () => client['health:relink']({ folder: allowed }))).toBeUndefined()
    await vi.waitFor(() => expect(relinks()[0]?.job).toMatchObject({ kind: 'relink', state: 'done' }))
    expect(healthResultOf(relinks()[0]!.job)?.items).toMatchObject([
      { id: asset.id, outcome: 'relinked', newPath: moved },
    ])
    stop()
  })
})
