import { rmSync } from 'node:fs'
import { describe, expect, inject, it } from 'vitest'
import type { BatchItem, Job } from '../../shared/contract'
import { assetFile } from '../../main/library/asset-file'
import type { Library } from '../../main/services/library-context'
import { resolveMediaTools } from '../../main/media/media-tools'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

type BatchOf = Extract<Job, { kind: 'batch' }>

/** Runs a batch through the channel and waits for its job to end; the ended job. */
async function batch(lib: Library, input: Record<string, unknown>): Promise<BatchOf> {
  const { job } = await call<{ job: Job }>(lib, 'batch:run', input)
  await lib.jobs.settled(job.id)
  return (await call<{ job: Job }>(lib, 'jobs:get', { jobId: job.id })).job as BatchOf
}

/** Every outcome of a batch, as `batch:items` pages them (failures first). */
async function outcomes(lib: Library, jobId: string, limit = 2): Promise<BatchItem[]> {
  const items: BatchItem[] = []
  let cursor: unknown = null
  do {
    const page = await call<{ items: BatchItem[]; nextCursor: unknown }>(lib, 'batch:items', { jobId, cursor, limit })
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return items
}

/** Imports files; their asset ids in the order given. */
async function imported(lib: Library, files: string[]): Promise<string[]> {
  const { items } = await importAndWait(lib, files)
  return files.map((file) => items.find((item) => item.path === file)!.asset!.id)
}

describe('batch:run', () => {
  it('runs an analyzer over a selection: fitting assets run, the others are skipped in words; again, all cached without ffmpeg', async () => {
    const lib = testLibrary()
    const [video, song, image] = await imported(lib, [fixtures.sceneCuts, fixtures.songMp3, fixtures.png])
    const progress: unknown[] = []
    lib.events.subscribe((event) => event.name === 'job:progress' && progress.push(event.payload))
    const job = await batch(lib, {
      work: { kind: 'analysis', analyzer: 'scenes' },
      target: { ids: [video, song, image] },
    })
    expect(job).toMatchObject({
      state: 'done',
      assetId: null,
      title: 'scenes of 3 assets',
      params: { work: { kind: 'analysis', analyzer: 'scenes', force: false }, target: { by: 'ids' }, total: 3 },
      result: { counts: { ran: 1, cached: 0, failed: 0, skipped: 2, cancelled: 0 } },
    })
    // Its last figures go out before it ends: all three assets done, the last one named.
    expect(progress.at(-1)).toMatchObject({
      jobId: job.id,
      kind: 'batch',
      fraction: 1,
      doing: expect.stringMatching(/^3 of 3 · image\.png$/),
      files: { done: 3, total: 3 },
    })
    const items = await outcomes(lib, job.id)
    // Failures first, then skipped, then ran: the skipped ones in selection order.
    expect(items.map((item) => [item.assetId, item.outcome])).toEqual([
      [song, 'skipped'],
      [image, 'skipped'],
      [video, 'ran'],
    ])
    expect(items[0]!.message).toMatch(/scenes reads a video's pictures; .*\.mp3 is a sound file/)
    expect(items[1]!.message).toMatch(/is a still image/)
    const ran = items[2]!
    const rows = await call<{ analyses: Array<{ id: number; ranges: unknown[] }> }>(lib, 'analysis:list', {
      assetId: video,
    })
    expect(rows.analyses.map((row) => row.id)).toEqual([ran.analysisId])
    expect(rows.analyses[0]!.ranges.length).toBeGreaterThan(1)

    // The same library folder with an ffmpeg that cannot start: every hit must answer without it.
    const blind = testLibrary(lib.dir, {
      ingest: { tools: { ...resolveMediaTools(), ffmpeg: '/nonexistent/ffmpeg' } },
    })
    const again = await batch(blind, { work: { kind: 'analysis', analyzer: 'scenes' }, target: { ids: [video] } })
    expect(again.result).toEqual({ counts: { ran: 0, cached: 1, failed: 0, skipped: 0, cancelled: 0 } })
    expect((await outcomes(blind, again.id))[0]).toMatchObject({ outcome: 'cached', analysisId: ran.analysisId })
  })

  it('fails an asset whose file is gone alone: the others still run', async () => {
    const lib = testLibrary()
    const [first, gone, last] = await imported(lib, [fixtures.mp4, fixtures.webm, fixtures.mkv])
    rmSync(assetFile(lib, (await lib.catalog.repos.media.get(gone))!.filePath))
    const job = await batch(lib, {
      work: { kind: 'analysis', analyzer: 'black' },
      target: { ids: [first, gone, last] },
    })
    expect(job.state).toBe('done')
    expect(job.result!.counts).toEqual({ ran: 2, cached: 0, failed: 1, skipped: 0, cancelled: 0 })
    const items = await outcomes(lib, job.id)
    expect(items.map((item) => [item.assetId, item.outcome])).toEqual([
      [gone, 'failed'],
      [first, 'ran'],
      [last, 'ran'],
    ])
    expect(items[0]!.message).toMatch(/is missing/)
    const failed = await call<{ items: BatchItem[] }>(lib, 'batch:items', { jobId: job.id, outcome: 'failed' })
    expect(failed.items.map((item) => item.assetId)).toEqual([gone])
  })

  it('runs a processor over a selection: outputs become assets, what it does not fit is skipped', async () => {
    const lib = testLibrary()
    const [video, image] = await imported(lib, [fixtures.mp4, fixtures.png])
    const job = await batch(lib, { work: { kind: 'processing', action: 'proxy' }, target: { ids: [video, image] } })
    expect(job.result!.counts).toEqual({ ran: 1, cached: 0, failed: 0, skipped: 1, cancelled: 0 })
    const [skipped, ran] = await outcomes(lib, job.id)
    expect(skipped).toMatchObject({ assetId: image, message: expect.stringMatching(/proxy works on video assets/) })
    expect(await lib.catalog.repos.media.get(ran!.outputAssetId!)).toMatchObject({ sourceType: 'processed' })
  })

  it('keeps the outcomes so far when cancelled; the asset in flight gets none', async () => {
    const lib = testLibrary()
    const ids = await imported(lib, [fixtures.mp4, fixtures.webm, fixtures.mkv])
    // Cancelled as the first outcome is stored: the second asset never finishes.
    const { batchItems } = lib.catalog.repos
    const add = batchItems.add.bind(batchItems)
    let cancel: Promise<Job> | undefined
    batchItems.add = async (jobId, item) => {
      await add(jobId, item)
      cancel ??= lib.jobs.cancel(jobId)
    }
    const job = await batch(lib, { work: { kind: 'analysis', analyzer: 'freeze' }, target: { ids } })
    await cancel
    expect(job.state).toBe('cancelled')
    expect(job.result).toEqual({ counts: { ran: 1, cached: 0, failed: 0, skipped: 0, cancelled: 0 } })
    expect((await outcomes(lib, job.id)).map((item) => item.assetId)).toEqual([ids[0]])
  })

  it('resolves a filter when it starts: the assets it leaves then, and an empty one is refused', async () => {
    const lib = testLibrary()
    const [video, , image] = await imported(lib, [fixtures.mp4, fixtures.songMp3, fixtures.png])
    const target = { filter: { mediaType: ['video', 'image'] } }
    const job = await batch(lib, { work: { kind: 'analysis', analyzer: 'loudness' }, target })
    expect(job.params).toMatchObject({ target: { by: 'filter', filter: target.filter, query: null }, total: 2 })
    const items = await outcomes(lib, job.id)
    expect(items.map((item) => item.assetId).sort()).toEqual([video, image].sort())
    expect(items.find((item) => item.assetId === image)!.outcome).toBe('skipped')
    await expect(
      call(lib, 'batch:run', {
        work: { kind: 'analysis', analyzer: 'loudness' },
        target: { filter: { mediaType: ['video'] }, query: 'no-such-name' },
      }),
    ).rejects.toThrow(/validation The filter leaves no assets/)
  })

  it('refuses outcomes of a job that is no batch, and a config that does not fit the analyzer', async () => {
    const lib = testLibrary()
    const [video] = await imported(lib, [fixtures.mp4])
    const { job } = await call<{ job: Job }>(lib, 'analysis:run', { assetId: video, analyzer: 'black' })
    await lib.jobs.settled(job.id)
    await expect(call(lib, 'batch:items', { jobId: job.id })).rejects.toThrow(/not_found/)
    await expect(
      call(lib, 'batch:run', {
        work: { kind: 'analysis', analyzer: 'black', config: { noSuchField: 1 } },
        target: { ids: [video] },
      }),
    ).rejects.toThrow(/validation/)
  })
})
