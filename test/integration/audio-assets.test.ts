import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Job, MediaAsset, MediaFacets } from '../../shared/contract'
import { thumbnailPaths } from '../../main/library/library-paths'
import type { Library } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

/** Runs a channel that starts a job and waits for the job to end. */
async function jobOf(lib: Library, channel: 'analysis:run', input: object): Promise<Job> {
  const { job } = await call<{ job: Job }>(lib, channel, input)
  await lib.jobs.settled(job.id)
  return (await lib.jobs.get(job.id)) as Job
}

/** Width and height of a baseline or progressive JPEG, read from its frame header. */
function jpegSize(file: string): { width: number; height: number } {
  const jpeg = readFileSync(file)
  for (let at = 2; at + 9 <= jpeg.length; at += 2 + jpeg.readUInt16BE(at + 2)) {
    const marker = jpeg[at + 1]!
    if (marker === 0xc0 || marker === 0xc2)
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) }
  }
  throw new Error(`${file} has no JPEG frame header`)
}

describe('audio assets', () => {
  it('imports sound files as audio: sound codec and length, no picture facts, a waveform poster and no sprite', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.songMp3, fixtures.gapAndBurst])
    const song = (await lib.catalog.repos.media.get(itemFor(items, fixtures.songMp3).asset!.id))!
    const flac = (await lib.catalog.repos.media.get(itemFor(items, fixtures.gapAndBurst).asset!.id))!
    expect(song).toMatchObject({ mediaType: 'audio', codec: 'mp3', resolution: null, fps: null, error: null })
    expect(flac).toMatchObject({ mediaType: 'audio', codec: 'flac', resolution: null, fps: null })
    expect(song.durationSeconds).toBeCloseTo(2.04, 1)
    expect(flac.durationSeconds).toBeCloseTo(5, 2)
    expect(path.relative(lib.dir, song.filePath)).toBe(
      path.join('media', 'audio', song.id.slice(0, 2), `${song.id}.mp3`),
    )
    // The cover picture is not taken for a video stream.
    expect(song.metadata).toMatchObject({
      containerName: 'MP3',
      videoCodec: null,
      width: null,
      audioCodecName: 'MP3',
      audioSampleRate: 44100,
      title: 'Fixture song',
      frameCount: null,
    })
    expect(song.metadata!.bitrate).toBeGreaterThan(100_000)
    expect(flac.metadata).toMatchObject({ containerName: 'FLAC', audioChannels: 1, audioSampleRate: 48000 })
    for (const asset of [song, flac]) {
      const thumbs = thumbnailPaths(lib.dir, asset.id)
      expect(jpegSize(thumbs.poster)).toEqual({ width: 480, height: 270 })
      expect(() => readFileSync(thumbs.sprite)).toThrow(/ENOENT/)
    }

    const { items: listed } = await call<{ items: MediaAsset[] }>(lib, 'media:list', {
      filter: { mediaType: ['audio'] },
    })
    expect(listed.map((asset) => asset.id).sort()).toEqual([song.id, flac.id].sort())
    const facets = await call<MediaFacets>(lib, 'media:facets', {})
    expect(facets.mediaType).toContainEqual({ value: 'audio', count: 2 })
  })

  it('analyses the sound of an audio asset: the planted silent gap', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.gapAndBurst])
    const job = await jobOf(lib, 'analysis:run', { assetId: items[0]!.asset!.id, analyzer: 'silence' })
    expect(job.state).toBe('done')
    const { ranges } = (job.result as { analysis: { ranges: Array<{ start: number; end: number; label: string }> } })
      .analysis
    const gap = ranges.find((range) => range.label === 'silence')!
    expect(gap.start).toBeCloseTo(1.5, 1)
    expect(gap.end).toBeCloseTo(2.5, 1)
  })
})
