import { writeFileSync } from 'node:fs'
import { describe, expect, inject, it } from 'vitest'
import { thumbnailPaths } from '../../main/library/library-paths'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { grayPixels, meanDifference } from '../helpers/pixels'

const fixtures = inject('fixtures')

describe('thumbnails after import', () => {
  it('makes the poster of an animated WebP from its first frame, and the asset stays fine', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.animatedWebp])
    const id = itemFor(items, fixtures.animatedWebp).asset!.id
    const asset = (await lib.catalog.repos.media.get(id))!
    expect(asset).toMatchObject({ mediaType: 'image', status: 1, error: null, durationSeconds: 1 })
    const poster = await grayPixels(['-i', thumbnailPaths(lib.dir, id).poster], '160:120')
    // The fixture's first frame is testsrc's frame 0; the tenth (0.9 s) differs visibly (its counter and moving bar).
    const first = await grayPixels(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1'], '160:120')
    const tenth = await grayPixels(
      ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1', '-ss', '0.9'],
      '160:120',
    )
    expect(meanDifference(poster, first)).toBeLessThan(6)
    expect(meanDifference(first, tenth)).toBeGreaterThan(meanDifference(poster, first))
  })

  it('keeps "Damaged: …" in the error column when the thumbnails of a damaged file fail, and one thumbnail line per retry', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [fixtures.damagedMp4])
    const id = itemFor(items, fixtures.damagedMp4).asset!.id
    const damaged = (await lib.catalog.repos.media.get(id))!.error
    expect(damaged).toMatch(/^Damaged: cut short/)
    // The library's copy turns unreadable: ffmpeg now fails on it whatever its damage.
    writeFileSync((await lib.catalog.repos.media.get(id))!.filePath, 'no longer a video')
    await lib.importer.ensureThumbnails(id)
    await lib.importer.ensureThumbnails(id)

    const asset = (await lib.catalog.repos.media.get(id))!
    expect(asset.status).toBe(6)
    const lines = asset.error!.split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe(damaged)
    expect(lines[1]).toMatch(/^Thumbnails failed: ffmpeg exited with code \d+/)
  })
})
