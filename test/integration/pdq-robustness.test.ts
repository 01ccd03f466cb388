import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { imageHash, videoFrameHashes, type FrameHash } from '../../main/similar/frame-hashes'
import { hammingDistance, type HashBits } from '../../main/similar/hash-bits'
import { detectPictureArea } from '../../main/similar/letterbox'
import { median } from '../bench/figures'

const { ffmpeg } = resolveMediaTools()
// A real photograph (Meta's PDQ sample, see fixtures/pdq-reference/README.md) filmed by a panning, 480x270 camera.
const PHOTO = path.resolve('test/fixtures/pdq-reference/q1050.jpg')
const OTHER_PHOTO = path.resolve('test/fixtures/pdq-reference/q2821.jpg')
const SECONDS = 12
const PAN = `scale=1024:1024,crop=480:270:'t*40':'t*25'`
// The matching rule of issue 21: two frames match within 31 bits.
const MATCH_DISTANCE = 31
const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-an']

let dir: string
const clip = (name: string) => path.join(dir, name)
const ffmpegRun = (args: string[]) => runTool(ffmpeg, ['-v', 'error', '-y', ...args])

/** Each variant of the source clip: how ffmpeg makes it and how far its timestamps are behind the source's. */
const VARIANTS = [
  { name: 'low-bitrate.mp4', args: ['-b:v', '40k'], offset: 0 },
  { name: 'half-size.mp4', args: ['-vf', 'scale=240:136'], offset: 0 },
  { name: 'middle-half.mp4', args: ['-ss', '3', '-t', '6'], offset: 3 },
  { name: 'greyscale.mp4', args: ['-vf', 'hue=s=0'], offset: 0 },
  { name: 'letterboxed.mp4', args: ['-vf', 'pad=480:360:0:45:black'], offset: 0 },
  { name: 'logo.mp4', args: ['-vf', 'drawbox=x=400:y=12:w=64:h=28:color=white@0.6:t=fill'], offset: 0 },
]

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
  const still = ['-loop', '1', '-framerate', '25', '-t', String(SECONDS)]
  await ffmpegRun([...still, '-i', PHOTO, '-vf', PAN, ...ENCODE, clip('source.mp4')])
  // Unrelated footage of the same length and colours: the same photograph upside down, panned the other way.
  const otherWay = `hflip,vflip,scale=1024:1024,crop=480:270:'544-t*40':'200+t*25'`
  await ffmpegRun([...still, '-i', PHOTO, '-vf', otherWay, ...ENCODE, clip('unrelated.mp4')])
  for (const { name, args } of VARIANTS) await ffmpegRun(['-i', clip('source.mp4'), ...args, ...ENCODE, clip(name)])
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

  it.each(VARIANTS)('$name lands near the source at the same moments', async ({ name, offset }) => {
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
  // A 480x270 still of the photograph, and of the other photograph, framed alike.
  const still = (photo: string, name: string) =>
    ffmpegRun(['-i', photo, '-vf', 'scale=1024:1024,crop=480:270:240:150', clip(name)])
  const IMAGE_VARIANTS = [
    { name: 'scaled.png', args: ['-vf', 'scale=240:136'] },
    { name: 'recompressed.jpg', args: ['-q:v', '20'] },
    { name: 'cropped.png', args: ['-vf', 'crop=iw*0.98:ih*0.98:iw*0.01:ih*0.01'] },
  ]
  let original: HashBits
  beforeAll(async () => {
    await still(PHOTO, 'still.png')
    original = (await imageHash(ffmpeg, clip('still.png'))).hash
  })

  it.each(IMAGE_VARIANTS)('$name lands near the picture', async ({ name, args }) => {
    await ffmpegRun(['-i', clip('still.png'), ...args, clip(name)])
    const distance = hammingDistance((await imageHash(ffmpeg, clip(name))).hash, original)
    console.log(`${name}: ${distance} bits from the picture`)
    expect(distance).toBeLessThanOrEqual(MATCH_DISTANCE)
  })

  it('keeps a picture of another photograph far away', async () => {
    await still(OTHER_PHOTO, 'other.png')
    const distance = hammingDistance((await imageHash(ffmpeg, clip('other.png'))).hash, original)
    console.log(`another picture: ${distance} bits away`)
    expect(distance).toBeGreaterThan(MATCH_DISTANCE)
  })
})
