import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { hammingDistance, hashFromHex, hashToHex } from '../../main/similar/hash-bits'
import { pdqHash } from '../../main/similar/pdq-hash'

const { ffmpeg, ffprobe } = resolveMediaTools()
const run = promisify(execFile)
// Meta's sample pictures and their published hashes (see the folder's README for where they come from).
const REFERENCE = path.resolve('test/fixtures/pdq-reference')
const samples = readFileSync(path.join(REFERENCE, 'hashes.csv'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [hex, file] = line.split(',') as [string, string]
    return { file, expected: hashFromHex(hex) }
  })
// The bar: hashes the reference trusts (quality ≥ 80) within 10 bits of its own.
const MAX_DISTANCE = 10
const TRUSTED_QUALITY = 80

/** A picture decoded by our ffmpeg at full size into packed RGB, with its size. */
async function decodeRgb(file: string) {
  const size = await run(ffprobe, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file])
  const [width, height] = size.stdout.trim().split(',').map(Number) as [number, number]
  const { stdout } = await run(
    ffmpeg,
    // The reference decodes with libjpeg's smooth chroma upsampling; swscale's closest is full_chroma_int.
    [
      '-v',
      'error',
      '-i',
      file,
      '-sws_flags',
      'accurate_rnd+full_chroma_int',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  )
  return { data: new Uint8Array(stdout), width, height, channels: 3 as const }
}

describe('PDQ against the reference implementation', () => {
  it('reads six sample pictures with the hashes Meta publishes for them', () => {
    expect(samples.map((sample) => sample.file)).toEqual([
      'q0122.jpg',
      'q0291.jpg',
      'q0746.jpg',
      'q1050.jpg',
      'q2821.jpg',
      'wee.jpg',
    ])
  })

  it.each(samples)('hashes $file at full size within 10 bits of the reference', async ({ file, expected }) => {
    const { hash, quality } = pdqHash(await decodeRgb(path.join(REFERENCE, file)))
    const distance = hammingDistance(hash, expected)
    console.log(`${file}: quality ${quality}, ${hashToHex(hash)}, ${distance} bits from the reference`)
    expect(quality).toBeGreaterThanOrEqual(TRUSTED_QUALITY)
    expect(distance).toBeLessThanOrEqual(MAX_DISTANCE)
  })
})
