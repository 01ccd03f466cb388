import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { createThumbnailQueue } from '../../main/media/thumbnail-render'
import { webpFirstFrame, type WebpFirstFrame } from '../../main/media/webp-first-frame'
import { grayPixels, meanDifference } from '../helpers/pixels'
import { tempDir } from '../helpers/temp-dir'
import { saveTo } from '../helpers/save-to'

const fixtures = inject('fixtures')
const { ffmpeg, ffprobe } = resolveMediaTools()
const TESTSRC = ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1']

let dir: string
/** Animated WebPs besides the shared lossy fixture: lossless (VP8L frames) and lossy with alpha (ALPH + VP8 frames). */
let lossless: string
let withAlpha: string
// Made for each test: tempDir's folders are removed after every test.
beforeEach(async () => {
  dir = tempDir()
  lossless = path.join(dir, 'lossless.webp')
  withAlpha = path.join(dir, 'alpha.webp')
  const anim = ['-c:v', 'libwebp_anim', '-loop', '0', '-f', 'webp']
  await runTool(ffmpeg, ['-v', 'error', '-y', ...TESTSRC, ...anim, '-lossless', '1', lossless])
  // Alpha rising from left to right over testsrc; never 0, so the encoder crops no transparent edge off the first frame.
  const alpha = "format=yuva420p,geq=lum='lum(X,Y)':cb='cb(X,Y)':cr='cr(X,Y)':a='64+X*191/W'"
  await runTool(ffmpeg, ['-v', 'error', '-y', ...TESTSRC, '-vf', alpha, ...anim, '-lossless', '0', withAlpha])
})

async function firstFrameOf(file: string): Promise<WebpFirstFrame | null> {
  const handle = await open(file, 'r')
  try {
    return await webpFirstFrame(handle)
  } finally {
    await handle.close()
  }
}

async function stillOf(file: string): Promise<Buffer | null> {
  return (await firstFrameOf(file))?.still ?? null
}

/** Writes the still and reads it back with ffprobe and ffmpeg: its stream and its luma. */
async function decode(still: Buffer): Promise<{ stream: Record<string, unknown>; luma: Buffer }> {
  const file = path.join(tempDir(), 'still.webp')
  writeFileSync(file, still)
  const probe = ['-v', 'error', '-show_entries', 'stream=codec_name,width,height,pix_fmt', '-of', 'json', file]
  const stream = (JSON.parse((await runTool(ffprobe, probe)).stdout) as { streams: Array<Record<string, unknown>> })
    .streams[0]!
  return { stream, luma: await grayPixels(['-i', file]) }
}

/** The chunk types of a RIFF file, checking each size against the bytes (padded to even). */
function chunkTypes(file: Buffer): string[] {
  expect(file.toString('latin1', 0, 4)).toBe('RIFF')
  expect(file.readUInt32LE(4)).toBe(file.length - 8)
  expect(file.toString('latin1', 8, 12)).toBe('WEBP')
  const types: string[] = []
  let at = 12
  while (at < file.length) {
    const size = file.readUInt32LE(at + 4)
    types.push(file.toString('latin1', at, at + 4))
    at += 8 + size + (size & 1)
  }
  expect(at).toBe(file.length)
  return types
}

describe('webpFirstFrame', () => {
  it.each([
    ['lossy', () => fixtures.animatedWebp, ['VP8 '], 'yuv420p', 6],
    ['lossless', () => lossless, ['VP8L'], 'argb', 2],
    ['lossy with alpha', () => withAlpha, ['VP8X', 'ALPH', 'VP8 '], 'yuva420p', 6],
  ] as const)(
    'makes a %s animation first frame a still ffmpeg decodes as that frame',
    async (_, file, types, pixFmt, within) => {
      const still = await stillOf(file())
      expect(still).not.toBeNull()
      expect(chunkTypes(still!)).toEqual(types)
      const { stream, luma } = await decode(still!)
      expect(stream).toEqual({ codec_name: 'webp', width: 160, height: 120, pix_fmt: pixFmt })
      const frame0 = await grayPixels(TESTSRC)
      const frame9 = await grayPixels([
        ...TESTSRC.slice(0, -1),
        'testsrc=size=160x120:rate=10:duration=1,trim=start_frame=9',
      ])
      expect(meanDifference(luma, frame0)).toBeLessThan(within)
      expect(meanDifference(luma, frame9)).toBeGreaterThan(meanDifference(luma, frame0))
    },
  )

  it('gives the alpha of a lossy frame its VP8X alpha flag and canvas size', async () => {
    const still = (await stillOf(withAlpha))!
    expect(still[20]! & 0x10).toBe(0x10)
    expect(still.readUIntLE(24, 3) + 1).toBe(160)
    expect(still.readUIntLE(27, 3) + 1).toBe(120)
  })

  it('answers null for a still WebP, another image and an animation cut inside its first frame', async () => {
    expect(await stillOf(fixtures.stillWebp)).toBeNull()
    expect(await stillOf(fixtures.jpg)).toBeNull()
    const whole = readFileSync(fixtures.animatedWebp)
    const cut = path.join(dir, 'cut.webp')
    // The header chunks (VP8X 18 bytes, ANIM 14) and a few hundred bytes of the first ANMF.
    writeFileSync(cut, whole.subarray(0, 12 + 18 + 14 + 400))
    expect(await stillOf(cut)).toBeNull()
  })

  it('says where a first frame cropped of its transparent edge sits, and the poster shows the whole canvas', async () => {
    // Alpha 0 on the left edge: the encoder crops those columns off the first frame too.
    const cropped = path.join(dir, 'cropped.webp')
    const alpha = "format=yuva420p,geq=lum='lum(X,Y)':cb='cb(X,Y)':cr='cr(X,Y)':a='if(lt(X,8),0,255)'"
    const anim = ['-c:v', 'libwebp_anim', '-loop', '0', '-lossless', '0', '-f', 'webp']
    await runTool(ffmpeg, ['-v', 'error', '-y', ...TESTSRC, '-vf', alpha, ...anim, cropped])
    const first = (await firstFrameOf(cropped))!
    expect(first.canvas).toEqual({ width: 160, height: 120 })
    expect(first.frame.x).toBeGreaterThan(0)
    expect(first.frame.x + first.frame.width).toBe(160)
    expect(first.frame).toMatchObject({ y: 0, height: 120 })

    const posterPath = path.join(dir, 'thumbs', 'poster.jpg')
    const job = {
      assetId: 'a',
      source: cropped,
      mediaType: 'image',
      durationSeconds: 1,
      poster: saveTo(posterPath),
    } as const
    const result = await createThumbnailQueue(ffmpeg, 1).enqueue({
      ...job,
      sprite: saveTo(path.join(dir, 'sprite.jpg')),
    })
    expect(result).toMatchObject({ poster: true, sprite: null })
    expect(result.error).toBeUndefined()
    const probe = ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', posterPath]
    expect(JSON.parse((await runTool(ffprobe, probe)).stdout)).toMatchObject({ streams: [{ width: 160, height: 120 }] })
    // The still the poster was made from is gone.
    expect(readdirSync(path.dirname(posterPath))).toEqual(['poster.jpg'])
  })
})
