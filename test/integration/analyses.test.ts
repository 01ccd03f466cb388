import { appendFileSync, copyFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { MEDIA_STATUS, type CachedAnalysis, type Job } from '../../shared/contract'
import { resolveMediaTools } from '../../main/media/media-tools'
import type { Library } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

/** Runs an analysis through the channel and waits for its job to end. */
async function analyse(lib: Library, input: Record<string, unknown>): Promise<Job> {
  const { job } = await call<{ job: Job }>(lib, 'analysis:run', input)
  await lib.jobs.settled(job.id)
  return (await call<{ job: Job }>(lib, 'jobs:get', { jobId: job.id })).job
}

async function listed(lib: Library, assetId: string): Promise<CachedAnalysis[]> {
  return (await call<{ analyses: CachedAnalysis[] }>(lib, 'analysis:list', { assetId })).analyses
}

/** A library whose ffmpeg cannot start: any analysis that is not a cache hit fails. */
function withoutFfmpeg(dir: string): Library {
  return testLibrary(dir, { ingest: { tools: { ...resolveMediaTools(), ffmpeg: '/nonexistent/ffmpeg' } } })
}

describe('analysis:run', () => {
  it('runs an analyzer once, answers again from the cache without ffmpeg, and runs it when forced', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    const first = await analyse(lib, { assetId, analyzer: 'loudness' })
    expect(first).toMatchObject({ state: 'done', kind: 'analysis', assetId })
    const outcome = first.result as {
      cached: boolean
      analysis: { ranges: unknown; metadata: Record<string, unknown> }
    }
    expect(outcome.cached).toBe(false)
    expect(outcome.analysis.metadata).toMatchObject({ analyzer: 'loudness', config: expect.any(Object) })
    expect((await lib.catalog.repos.media.get(assetId))!.status).toBe(MEDIA_STATUS.processed)

    // The same library folder with an ffmpeg that cannot start: a hit must not need it.
    const blind = withoutFfmpeg(lib.dir)
    const again = await analyse(blind, { assetId, analyzer: 'loudness' })
    expect(again).toMatchObject({ state: 'done', result: { cached: true } })
    const forced = await analyse(blind, { assetId, analyzer: 'loudness', force: true })
    expect(forced.state).toBe('failed')
    expect(forced.error).toMatch(/ffmpeg/)
    const asset = (await blind.catalog.repos.media.get(assetId))!
    expect(asset.status).toBe(MEDIA_STATUS.error)
    expect(asset.error).toMatch(/ffmpeg/)
  })

  it('keeps one row per config: another config runs and adds one, listed newest first; a row can be deleted', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    await analyse(lib, { assetId, analyzer: 'black' })
    const other = await analyse(lib, { assetId, analyzer: 'black', config: { minDuration: 0.5 } })
    expect((other.result as { cached: boolean }).cached).toBe(false)
    const analyses = await listed(lib, assetId)
    expect(analyses).toHaveLength(2)
    expect(analyses.every((analysis) => analysis.valid && analysis.analyzer === 'black')).toBe(true)
    expect(new Set(analyses.map((analysis) => analysis.configHash)).size).toBe(2)
    // Deleted: the row is gone, and the next run of that config computes it again.
    await call(lib, 'analysis:delete', { assetId, analysisId: analyses[0]!.id })
    expect((await listed(lib, assetId)).map((analysis) => analysis.id)).toEqual([analyses[1]!.id])
    await expect(call(lib, 'analysis:delete', { assetId, analysisId: analyses[0]!.id })).rejects.toThrow(/not_found/)
    const { items: others } = await importAndWait(lib, [fixtures.webm])
    await expect(
      call(lib, 'analysis:delete', { assetId: others[0]!.asset!.id, analysisId: analyses[1]!.id }),
    ).rejects.toThrow(/not_found/)
  })

  it('misses once a linked file changed: the row shows stale, the next run replaces it; a gone file fails clearly', async () => {
    const lib = testLibrary()
    const file = path.join(tempDir(), 'linked.mp4')
    copyFileSync(fixtures.mp4, file)
    const { items } = await importAndWait(lib, [file], true)
    const assetId = items[0]!.asset!.id
    await analyse(lib, { assetId, analyzer: 'loudness' })
    // Bytes after the end of an mp4 leave it playable but change its content.
    appendFileSync(file, Buffer.alloc(4096, 7))
    expect((await listed(lib, assetId)).map((analysis) => analysis.valid)).toEqual([false])
    const rerun = await analyse(lib, { assetId, analyzer: 'loudness' })
    expect((rerun.result as { cached: boolean }).cached).toBe(false)
    expect((await listed(lib, assetId)).map((analysis) => analysis.valid)).toEqual([true])
    // Gone: the job fails saying so, and the cached row can no longer be valid.
    rmSync(file)
    const gone = await analyse(lib, { assetId, analyzer: 'loudness' })
    expect(gone).toMatchObject({ state: 'failed', error: expect.stringMatching(/file of linked\.mp4 is missing/) })
    expect((await listed(lib, assetId)).map((analysis) => analysis.valid)).toEqual([false])
  })

  it('refuses an unknown analyzer and a bad config before any job starts', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    await expect(call(lib, 'analysis:run', { assetId, analyzer: 'faces' })).rejects.toThrow(/validation/)
    await expect(
      call(lib, 'analysis:run', { assetId, analyzer: 'black', config: { minDuration: 'long' } }),
    ).rejects.toThrow(/validation/)
    await expect(call(lib, 'analysis:run', { assetId: 'nope', analyzer: 'black' })).rejects.toThrow(/not_found/)
    // Sound that is not there is said in words, before ffmpeg could fail naming the library's file (issue 24 point 6).
    const image = (await importAndWait(lib, [fixtures.png])).items[0]!.asset!
    await expect(call(lib, 'analysis:run', { assetId: image.id, analyzer: 'silence' })).rejects.toThrow(
      `silence reads sound; ${image.name} is a still image.`,
    )
    expect((await call<{ jobs: Job[] }>(lib, 'jobs:list', { kind: 'analysis' })).jobs).toEqual([])
  })

  it('are found across the library by analyzer, label and staleness, page by page', async () => {
    const lib = testLibrary()
    const clip = (await importAndWait(lib, [fixtures.mp4])).items[0]!.asset!.id
    const cuts = (await importAndWait(lib, [fixtures.sceneCuts])).items[0]!.asset!.id
    await analyse(lib, { assetId: clip, analyzer: 'black' })
    await analyse(lib, { assetId: cuts, analyzer: 'scenes' })
    await analyse(lib, { assetId: clip, analyzer: 'scenes' })
    type Found = { analyses: Array<CachedAnalysis & { assetId: string | null }>; nextCursor: string | null }
    const search = (input: object) => call<Found>(lib, 'analysis:search', input)
    const scenes = await search({ analyzer: 'scenes' })
    expect(scenes.analyses.map((analysis) => analysis.assetId)).toEqual([clip, cuts])
    // Three shots on the clip with cuts, one on the plain clip: both hold a 'shot'; only black ranges are 'black'.
    expect((await search({ label: 'shot' })).analyses).toHaveLength(2)
    const first = await search({ limit: 2 })
    const rest = await search({ limit: 2, cursor: first.nextCursor })
    expect([...first.analyses, ...rest.analyses].map((analysis) => analysis.analyzer)).toEqual([
      'scenes',
      'scenes',
      'black',
    ])
    expect(rest.nextCursor).toBeNull()
    // A row made from other content than the library recorded for the file is stale.
    const cached = (await listed(lib, cuts))[0]!
    await lib.catalog.repos.analyses.save({
      filePath: cached.filePath,
      fileHash: `sha256:${'e'.repeat(64)}`,
      configHash: cached.configHash,
    })
    expect((await search({ stale: true })).analyses.map((analysis) => analysis.assetId)).toEqual([cuts])
    await expect(search({ cursor: 'nonsense' })).rejects.toThrow(/validation/)
  })
})
