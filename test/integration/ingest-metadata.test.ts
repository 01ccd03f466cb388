import { describe, expect, inject, it } from 'vitest'
import type { MediaAsset } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

async function assetOf(lib: Library, id: string | undefined): Promise<MediaAsset> {
  const found = id === undefined ? undefined : await lib.catalog.repos.media.get(id)
  if (!found) throw new Error(`no asset ${id}`)
  return found
}

describe('what an import records about each file', () => {
  it('imports the cut mp4 flagged as damaged with the reason, and the sound clips unflagged', async () => {
    // Thumbnails are left for later: a failed sprite of the damaged file would overwrite its error column.
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { job, items } = await importAndWait(lib, [fixtures.damagedMp4, fixtures.mp4, fixtures.longClip])
    expect(job.counts).toEqual({ imported: 3, duplicate: 0, failed: 0 })

    const damagedItem = itemFor(items, fixtures.damagedMp4)
    expect(damagedItem.outcome).toBe('imported')
    expect(damagedItem.reason).toMatch(
      /^damaged: cut short: the video ends at 1\d\.\d s of 20\.0 s; the media data \(mdat\) holds/,
    )
    const damaged = await assetOf(lib, damagedItem.asset?.id)
    const reason = damagedItem.reason!.replace(/^damaged: /, '')
    expect(damaged).toMatchObject({ status: 1, error: `Damaged: ${reason}`, durationSeconds: 20, codec: 'h264' })
    expect(damaged.metadata).toMatchObject({ damaged: { reason } })

    for (const file of [fixtures.mp4, fixtures.longClip]) {
      const item = itemFor(items, file)
      expect(item.reason).toBeNull()
      const sound = await assetOf(lib, item.asset?.id)
      expect(sound.error).toBeNull()
      expect(sound.metadata).not.toHaveProperty('damaged')
    }
  })

  it('records ProRes depth and chroma, every audio track, and animated images as moving pictures', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const files = [fixtures.prores, fixtures.twoAudio, fixtures.animatedGif, fixtures.animatedWebp, fixtures.jpg]
    const { job, items } = await importAndWait(lib, files)
    expect(job.counts).toEqual({ imported: 5, duplicate: 0, failed: 0 })
    const [prores, twoAudio, gif, webp, jpg] = await Promise.all(
      files.map((file) => assetOf(lib, itemFor(items, file).asset?.id)),
    )

    // The codec column keeps ffprobe's name, so rows stay comparable with earlier imports.
    expect(prores).toMatchObject({ mediaType: 'video', codec: 'prores', fps: 25, error: null })
    expect(prores.metadata).toMatchObject({
      videoCodecName: 'ProRes 422',
      pixelFormat: 'yuv422p10le',
      bitDepth: 10,
      chromaSubsampling: '4:2:2',
      containerName: 'QuickTime (MOV)',
      probedWith: expect.any(String),
    })
    expect(twoAudio.metadata?.audioTracks).toEqual([
      expect.objectContaining({ language: 'eng', title: 'English', channels: 2 }),
      expect.objectContaining({ language: 'fra', title: 'Français', channels: 1 }),
    ])
    expect(twoAudio.metadata).toMatchObject({ title: 'Two tracks', comment: 'Dubbed in French' })
    for (const animated of [gif, webp]) {
      expect(animated).toMatchObject({ mediaType: 'image', durationSeconds: 1, resolution: '160x120', fps: 10 })
      expect(animated.metadata).toMatchObject({ animated: true, frameCount: 10, durationSeconds: 1 })
    }
    expect(jpg).toMatchObject({ mediaType: 'image', codec: 'mjpeg', durationSeconds: null })
    expect(jpg.metadata).toMatchObject({ videoCodecName: 'JPEG', animated: false, frameCount: null })
  })
})
