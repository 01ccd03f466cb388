import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, inject, it } from 'vitest'
import { thumbnailPaths } from '../../main/library/library-paths'
import { resolveMediaTools } from '../../main/media/media-tools'
import { importAndWait, itemFor } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')
const { ffmpeg } = resolveMediaTools()

/** A picture's luma at 160x120, one byte per pixel, from a file or from an ffmpeg lavfi graph. */
async function gray(input: string[]): Promise<Buffer> {
  const args = [
    '-v',
    'error',
    ...input,
    '-vf',
    'scale=160:120',
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-',
  ]
  const { stdout } = await promisify(execFile)(ffmpeg, args, { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 })
  return stdout
}

function meanDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!)
  return sum / a.length
}

describe('thumbnails after import', () => {
  it('makes the poster of an animated WebP from its first frame, and the asset stays fine', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.animatedWebp])
    const id = itemFor(items, fixtures.animatedWebp).asset!.id
    const asset = lib.repos.media.get(id)!
    expect(asset).toMatchObject({ mediaType: 'image', status: 1, error: null, durationSeconds: 1 })
    const poster = await gray(['-i', thumbnailPaths(lib.dir, id).poster])
    // The fixture's first frame is testsrc's frame 0; the tenth (0.9 s) differs visibly (its counter and moving bar).
    const first = await gray(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1'])
    const tenth = await gray(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1', '-ss', '0.9'])
    expect(meanDifference(poster, first)).toBeLessThan(6)
    expect(meanDifference(first, tenth)).toBeGreaterThan(meanDifference(poster, first))
  })

  it('keeps "Damaged: …" in the error column when the thumbnails of a damaged file fail, and one thumbnail line per retry', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [fixtures.damagedMp4])
    const id = itemFor(items, fixtures.damagedMp4).asset!.id
    const damaged = lib.repos.media.get(id)!.error
    expect(damaged).toMatch(/^Damaged: cut short/)
    // The library's copy turns unreadable: ffmpeg now fails on it whatever its damage.
    writeFileSync(lib.repos.media.get(id)!.filePath, 'no longer a video')
    await lib.importer.ensureThumbnails(id)
    await lib.importer.ensureThumbnails(id)

    const asset = lib.repos.media.get(id)!
    expect(asset.status).toBe(6)
    const lines = asset.error!.split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe(damaged)
    expect(lines[1]).toMatch(/^Thumbnails failed: ffmpeg exited with code \d+/)
  })
})
