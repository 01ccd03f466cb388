import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { imageHash, videoFrameHashes } from '../../main/similar/frame-hashes'
import type { FrameHash } from '../../main/similar/frame-match'
import { hammingDistance, type HashBits } from '../../main/similar/hash-bits'
import { detectPictureArea } from '../../main/similar/letterbox'
import { median } from '../bench/figures'
import {
  IMAGE_VARIANTS,
  SOURCE_SECONDS,
  VIDEO_VARIANTS,
  writeImageVariants,
  writeVideoVariants,
} from '../helpers/footage-variants'

const { ffmpeg } = resolveMediaTools()
const SECONDS = SOURCE_SECONDS
// The matching rule of issue 21: two frames match within 31 bits.
const MATCH_DISTANCE = 31

let dir: string
const clip = (name: string) => path.join(dir, name)

async function hashesOf(file: string, durationSeconds: number): Promise<FrameHash[]> {
  const hashes: FrameHash[] = []
  for await (const frame of videoFrameHashes(ffmpeg, file, { durationSeconds })) hashes.push(frame)
  return hashes
}

/** For each frame of `variant` shown when a source frame was (after `offset`), how far apart their hashes are. */
function distancesAtSameTimes(source: FrameHash[], variant: FrameHash[], offset: number): number[] {
  const byTime = new Map(source.map((frame) => [Math.round(frame.timestampSeconds * 100), frame]))
  return variant.flatMap((frame) => {
    const twin = byTime.get(Math.round((frame.timestampSeconds + offset) * 100))
    return twin ? [hammingDistance(frame.hash, twin.hash)] : []
  })
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framevault-pdq-'))
  await writeVideoVariants(dir)
  await writeImageVariants(dir)
}, 60_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('frame hashes of variants of one clip', () => {
  let source: FrameHash[]
  beforeAll(async () => {
    source = await hashesOf(clip('source.mp4'), SECONDS)
  })

  it('samples the 12 s source once a second, each frame detailed enough to trust (quality ≥ 80)', () => {
    expect(source.map((frame) => frame.timestampSeconds)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(source.every((frame) => frame.quality >= 80)).toBe(true)
  })

  it('finds the letterboxed variant picture under its bars', async () => {
    const area = await detectPictureArea(ffmpeg, clip('letterboxed.mp4'))
    expect(area).toMatchObject({ width: 480, x: 0 })
    expect(Math.abs(area!.y - 45)).toBeLessThanOrEqual(2)
    expect(Math.abs(area!.height - 270)).toBeLessThanOrEqual(2)
    expect(await detectPictureArea(ffmpeg, clip('source.mp4'))).toBeNull()
  })

  it.each(VIDEO_VARIANTS)('$name lands near the source at the same moments', async ({ name, offset }) => {
    const length = name === 'middle-half.mp4' ? SECONDS / 2 : SECONDS
    const distances = distancesAtSameTimes(source, await hashesOf(clip(name), length), offset)
    console.log(`${name}: median ${median(distances)} bits from the source (${distances.join(' ')})`)
    expect(distances.length).toBeGreaterThanOrEqual(length === SECONDS ? SECONDS : 6)
    expect(median(distances)).toBeLessThanOrEqual(24)
    expect(distances.filter((distance) => distance <= MATCH_DISTANCE).length).toBeGreaterThanOrEqual(
      distances.length * 0.9,
    )
  })

  it('keeps an unrelated clip of the same length and colours far away', async () => {
    const distances = distancesAtSameTimes(source, await hashesOf(clip('unrelated.mp4'), SECONDS), 0)
    console.log(`unrelated.mp4: median ${median(distances)} bits from the source (${distances.join(' ')})`)
    expect(distances).toHaveLength(SECONDS)
    expect(distances.filter((distance) => distance > MATCH_DISTANCE).length).toBeGreaterThanOrEqual(SECONDS * 0.9)
  })
})

describe('image hashes of variants of one picture', () => {
  let original: HashBits
  beforeAll(async () => {
    original = (await imageHash(ffmpeg, clip('still.png'))).hash
  })

  it.each(IMAGE_VARIANTS)('$name lands near the picture', async ({ name }) => {
    const distance = hammingDistance((await imageHash(ffmpeg, clip(name))).hash, original)
    console.log(`${name}: ${distance} bits from the picture`)
    expect(distance).toBeLessThanOrEqual(MATCH_DISTANCE)
  })

  it('keeps a picture of another photograph far away', async () => {
    const distance = hammingDistance((await imageHash(ffmpeg, clip('other.png'))).hash, original)
    console.log(`another picture: ${distance} bits away`)
    expect(distance).toBeGreaterThan(MATCH_DISTANCE)
  })
})
