import { describe, expect, inject, it } from 'vitest'
import { MEDIA_STATUS, type Job, type ProcessingRun } from '../../shared/contract'
import { resolveMediaTools } from '../../main/media/media-tools'
import type { Library } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

interface Outcome {
  cached: boolean
  outputAssetId: string
  run: { action: string; inputHash: string; outputHash: string; outputPath: string }
}

/** Runs a channel that starts a job and waits for the job to end. */
async function jobOf(lib: Library, channel: 'processing:run' | 'analysis:run', input: object): Promise<Job> {
  const { job } = await call<{ job: Job }>(lib, channel, input)
  await lib.jobs.settled(job.id)
  return (await lib.jobs.get(job.id)) as Job
}

async function imported(lib: Library, file: string): Promise<string> {
  const { items } = await importAndWait(lib, [file])
  return items[0]!.asset!.id
}

describe('processing:run', () => {
  it('converts an asset into a new processed asset linked by a processing run, and answers again from the cache', async () => {
    const lib = testLibrary()
    const input = await imported(lib, fixtures.webm)
    const first = await jobOf(lib, 'processing:run', { assetId: input, action: 'convert' })
    expect(first.state).toBe('done')
    const outcome = first.result as Outcome
    expect(outcome.cached).toBe(false)
    const output = (await lib.catalog.repos.media.get(outcome.outputAssetId))!
    expect(output).toMatchObject({ sourceType: 'processed', codec: 'h264', name: 'clip (h264-mp4).mp4' })
    expect(outcome.run).toMatchObject({
      inputHash: (await lib.catalog.repos.media.get(input))!.fileHash,
      outputHash: output.fileHash,
    })
    expect((await lib.catalog.repos.media.get(input))!.status).toBe(MEDIA_STATUS.processed)
    // The lineage from both ends.
    for (const end of [input, output.id]) {
      const { runs } = await call<{ runs: ProcessingRun[] }>(lib, 'processing:list', { assetId: end })
      expect(runs.map((run) => [run.action, run.inputAssetId, run.outputAssetId])).toEqual([
        ['convert', input, output.id],
      ])
    }

    // The same folder with an ffmpeg that cannot start: the cached run needs none.
    const blind = testLibrary(lib.dir, { ingest: { tools: { ...resolveMediaTools(), ffmpeg: '/nonexistent/ffmpeg' } } })
    const again = await jobOf(blind, 'processing:run', { assetId: input, action: 'convert' })
    expect(again.result).toMatchObject({ cached: true, outputAssetId: output.id })
    const forced = await jobOf(blind, 'processing:run', { assetId: input, action: 'convert', force: true })
    expect(forced).toMatchObject({ state: 'failed', error: expect.stringMatching(/ffmpeg/) })
  })

  it('cuts a segment exactly and makes a proxy of the asked height', async () => {
    const lib = testLibrary()
    const input = await imported(lib, fixtures.longClip)
    const segment = (await jobOf(lib, 'processing:run', {
      assetId: input,
      action: 'extract_segment',
      config: { start: 10, end: 12.5 },
    })) as Job
    const cut = (await lib.catalog.repos.media.get((segment.result as Outcome).outputAssetId))!
    expect(cut.durationSeconds).toBeCloseTo(2.5, 1)
    const proxy = await jobOf(lib, 'processing:run', { assetId: input, action: 'proxy', config: { height: 180 } })
    expect((await lib.catalog.repos.media.get((proxy.result as Outcome).outputAssetId))!.resolution).toBe('240x180')
    const wrong = call(lib, 'processing:run', {
      assetId: input,
      action: 'extract_segment',
      config: { start: 5, end: 2 },
    })
    await expect(wrong).rejects.toThrow(/end after it starts/)
  })

  it('chains: after a convert with other settings, scenes re-run on the new output only; unchanged ones hit', async () => {
    const lib = testLibrary()
    const input = await imported(lib, fixtures.sceneCuts)
    const convert = async (preset: string) =>
      (await jobOf(lib, 'processing:run', { assetId: input, action: 'convert', config: { preset } })).result as Outcome
    const scenes = async (assetId: string) =>
      ((await jobOf(lib, 'analysis:run', { assetId, analyzer: 'scenes' })).result as { cached: boolean }).cached

    const h264 = await convert('h264-mp4')
    expect(await scenes(h264.outputAssetId)).toBe(false)
    // Other settings whose output has the same bytes (the clip is under 720 lines): the same asset, no new one.
    const small = await convert('h264-720p-mp4')
    expect(small).toMatchObject({ cached: false, outputAssetId: h264.outputAssetId })
    const vp9 = await convert('vp9-webm')
    expect(vp9.outputAssetId).not.toBe(h264.outputAssetId)
    expect(await scenes(vp9.outputAssetId)).toBe(false)
    // Back to the first settings: its output is unchanged, and so is its analysis.
    const back = await convert('h264-mp4')
    expect(back).toMatchObject({ cached: true, outputAssetId: h264.outputAssetId })
    expect(await scenes(h264.outputAssetId)).toBe(true)
  })
})

describe('processing:run extract_audio', () => {
  it('extracts the asked sound track as an audio asset linked to its video', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.twoAudio])
    const input = items[0]!.asset!.id
    const job = await jobOf(lib, 'processing:run', {
      assetId: input,
      action: 'extract_audio',
      config: { format: 'wav', track: 1 },
    })
    expect(job.state).toBe('done')
    const outcome = job.result as Outcome
    const output = (await lib.catalog.repos.media.get(outcome.outputAssetId))!
    // The second track is the mono 44.1 kHz one.
    expect(output).toMatchObject({ mediaType: 'audio', sourceType: 'processed', codec: 'pcm_s16le' })
    expect(output.name).toBe('two-audio (audio track 2).wav')
    expect(output.metadata).toMatchObject({ audioChannels: 1, audioSampleRate: 44100, containerName: 'WAV' })
    expect(output.durationSeconds).toBeCloseTo((await lib.catalog.repos.media.get(input))!.durationSeconds!, 1)
    expect(outcome.run).toMatchObject({
      action: 'extract_audio',
      inputHash: (await lib.catalog.repos.media.get(input))!.fileHash,
      outputHash: output.fileHash,
    })
    const again = await jobOf(lib, 'processing:run', {
      assetId: input,
      action: 'extract_audio',
      config: { format: 'wav', track: 1 },
    })
    expect(again.result).toMatchObject({ cached: true, outputAssetId: output.id })

    // From the audio asset itself: the same sound in another format.
    const m4a = await jobOf(lib, 'processing:run', { assetId: output.id, action: 'extract_audio' })
    const converted = (await lib.catalog.repos.media.get((m4a.result as Outcome).outputAssetId))!
    expect(converted).toMatchObject({ mediaType: 'audio', codec: 'aac', name: 'two-audio (audio track 2) (audio).m4a' })
    expect(converted.metadata).toMatchObject({ containerName: 'MP4 audio (M4A)' })
  })

  it('refuses in words: no sound, no such track, a video processor on audio', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.sceneCuts, fixtures.mp4, fixtures.songMp3])
    const [silent, clip, song] = items.map((item) => item.asset!.id)
    const run = (assetId: string, action: string, config?: object) =>
      call(lib, 'processing:run', { assetId, action, ...(config ? { config } : {}) })
    await expect(run(silent!, 'extract_audio')).rejects.toThrow(/validation This file has no sound to extract\./)
    await expect(run(clip!, 'extract_audio', { track: 1 })).rejects.toThrow(
      /no sound track 1 \(counting from 0\): this file has 1/,
    )
    await expect(run(song!, 'proxy')).rejects.toThrow(/proxy works on video assets; song\.mp3 is audio/)
    expect(await lib.catalog.repos.jobs.list({ kind: 'processing', limit: 10 })).toEqual([])
  })
})
