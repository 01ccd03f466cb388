import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { createThumbnailQueue, makePoster, makeSprite, type ThumbnailJob } from '../../main/media/thumbnail-render'
import { runTool } from '../../main/media/tool-io'
import { grayPixels, meanDifference } from '../helpers/pixels'
import { tempDir } from '../helpers/temp-dir'
import { saveTo } from '../helpers/save-to'

const fixtures = inject('fixtures')
const { ffmpeg, ffprobe } = resolveMediaTools()

/** Codec and pixel size of a picture, as ffprobe reads them back. */
async function picture(file: string): Promise<{ codec_name: string; width: number; height: number }> {
  const args = ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file]
  const { stdout } = await runTool(ffprobe, args)
  return (JSON.parse(stdout) as { streams: Array<{ codec_name: string; width: number; height: number }> }).streams[0]
}

describe('makePoster', () => {
  it.each([
    ['mp4', 'video', 2, 320, 240],
    ['webm', 'video', 2, 320, 240],
    ['jpg', 'image', null, 480, 360],
    ['png', 'image', null, 480, 360],
    ['rotated', 'video', 1, 270, 480],
  ] as const)('makes a %s poster of %sx%s… fitting 480 px, never upscaled', async (name, mediaType, seconds, w, h) => {
    const dest = path.join(tempDir(), 'thumbs', 'poster.jpg')
    await makePoster(ffmpeg, { source: fixtures[name], save: saveTo(dest), mediaType, durationSeconds: seconds })
    expect(await picture(dest)).toEqual({ codec_name: 'mjpeg', width: w, height: h })
    expect(readdirSync(path.dirname(dest))).toEqual(['poster.jpg'])
  })

  it('takes a video’s poster at a tenth of its duration', async () => {
    const dest = path.join(tempDir(), 'poster.jpg')
    await makePoster(ffmpeg, { source: fixtures.longClip, save: saveTo(dest), mediaType: 'video', durationSeconds: 60 })
    const poster = await grayPixels(['-i', dest])
    const moments = [0, 3, 6, 9, 30]
    const frames = await Promise.all(
      moments.map((at) => grayPixels(['-ss', String(at), '-i', fixtures.longClip], '320:240')),
    )
    const distances = frames.map((frame) => meanDifference(poster, frame))
    expect(moments[distances.indexOf(Math.min(...distances))]).toBe(6)
  })

  it('shows anamorphic video with square pixels', async () => {
    const dir = tempDir()
    const source = path.join(dir, 'anamorphic.mp4')
    const make = ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:duration=1', '-vf', 'setsar=2', source]
    await runTool(ffmpeg, make)
    const poster = path.join(dir, 'poster.jpg')
    await makePoster(ffmpeg, { source, save: saveTo(poster), mediaType: 'video', durationSeconds: 1 })
    expect(await picture(poster)).toMatchObject({ width: 480, height: 180 })
    const sprite = path.join(dir, 'sprite.jpg')
    const info = await makeSprite(ffmpeg, { source, save: saveTo(sprite), durationSeconds: 1, frames: 2 })
    expect(info).toEqual({ frames: 2, frameWidth: 160, frameHeight: 60 })
  })

  it('falls back to the first frame when the stated duration overshoots the stream', async () => {
    const dest = path.join(tempDir(), 'poster.jpg')
    await makePoster(ffmpeg, { source: fixtures.mp4, save: saveTo(dest), mediaType: 'video', durationSeconds: 600 })
    expect(await picture(dest)).toMatchObject({ width: 320, height: 240 })
  })

  it('fails with ffmpeg’s message and leaves nothing behind', async () => {
    const dir = tempDir()
    const dest = path.join(dir, 'poster.jpg')
    const making = makePoster(ffmpeg, {
      source: fixtures.truncated,
      save: saveTo(dest),
      mediaType: 'video',
      durationSeconds: 2,
    })
    await expect(making).rejects.toThrow(/^ffmpeg exited with code 1: .*moov atom not found/)
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('makeSprite', () => {
  // 60 s takes one seek per frame; up to 20 s is one decoding pass (the clip's first 18 s stand in for a short one).
  // Slices are 6 s either way: the test pattern repeats every 6 s, so only its counter tells the moments apart.
  it.each([
    [60, 10],
    [18, 3],
  ])(
    'tiles the frames of %i s of the long clip side by side, 160 px wide each, from evenly spread moments',
    async (durationSeconds, frames) => {
      const dest = path.join(tempDir(), 'sprite.jpg')
      const info = await makeSprite(ffmpeg, { source: fixtures.longClip, save: saveTo(dest), durationSeconds, frames })
      expect(info).toEqual({ frames, frameWidth: 160, frameHeight: 120 })
      expect(await picture(dest)).toEqual({ codec_name: 'mjpeg', width: frames * 160, height: 120 })
      const sheet = await grayPixels(['-i', dest])
      const width = frames * 160
      const tiles = Array.from({ length: frames }, (_, i) =>
        Buffer.concat(
          Array.from({ length: 120 }, (_, row) => sheet.subarray(row * width + i * 160, row * width + (i + 1) * 160)),
        ),
      )
      // Frames grabbed on their own at the middle of each slice: each tile must look most like its own.
      const slice = durationSeconds / frames
      const references = await Promise.all(
        tiles.map((_, i) => grayPixels(['-ss', String((i + 0.5) * slice), '-i', fixtures.longClip], '160:120')),
      )
      const closest = tiles.map((tile) => {
        const distances = references.map((reference) => meanDifference(tile, reference))
        return distances.indexOf(Math.min(...distances))
      })
      expect(closest).toEqual(tiles.map((_, i) => i))
    },
  )

  it('takes as many frames as asked from a 2 s clip', async () => {
    const dest = path.join(tempDir(), 'sprite.jpg')
    const info = await makeSprite(ffmpeg, { source: fixtures.mp4, save: saveTo(dest), durationSeconds: 2, frames: 4 })
    expect(info).toEqual({ frames: 4, frameWidth: 160, frameHeight: 120 })
    expect(await picture(dest)).toMatchObject({ width: 640, height: 120 })
  })

  it('keeps the rotated clip upright', async () => {
    const dest = path.join(tempDir(), 'sprite.jpg')
    const info = await makeSprite(ffmpeg, {
      source: fixtures.rotated,
      save: saveTo(dest),
      durationSeconds: 1,
      frames: 3,
    })
    expect(info).toEqual({ frames: 3, frameWidth: 160, frameHeight: 284 })
    expect(await picture(dest)).toMatchObject({ width: 480, height: 284 })
  })
})

describe('createThumbnailQueue', () => {
  const job = (dir: string, name: keyof typeof fixtures, mediaType: 'video' | 'image', seconds: number | null) =>
    ({
      assetId: `${name}-${mediaType}`,
      source: fixtures[name],
      mediaType,
      durationSeconds: seconds,
      poster: saveTo(path.join(dir, name, 'poster.jpg')),
      sprite: saveTo(path.join(dir, name, 'sprite.jpg')),
    }) satisfies ThumbnailJob

  it('makes a poster and sprite for videos and only a poster for images', async () => {
    const dir = tempDir()
    const queue = createThumbnailQueue(ffmpeg, 2)
    const [video, image] = await Promise.all([
      queue.enqueue(job(dir, 'mov', 'video', 2)),
      queue.enqueue(job(dir, 'jpg', 'image', null)),
    ])
    expect(video).toEqual({
      assetId: 'mov-video',
      poster: true,
      sprite: { frames: 10, frameWidth: 160, frameHeight: 120 },
    })
    expect(image).toEqual({ assetId: 'jpg-image', poster: true, sprite: null })
    expect(readdirSync(path.join(dir, 'mov')).sort()).toEqual(['poster.jpg', 'sprite.jpg'])
    expect(readdirSync(path.join(dir, 'jpg'))).toEqual(['poster.jpg'])
  })

  it('reports a failing source in the result with ffmpeg’s message', async () => {
    const dir = tempDir()
    const result = await createThumbnailQueue(ffmpeg, 1).enqueue(job(dir, 'truncated', 'video', 2))
    expect(result).toMatchObject({ assetId: 'truncated-video', poster: false, sprite: null })
    expect(result.error).toMatch(/moov atom not found/)
    expect(readdirSync(path.join(dir, 'truncated'))).toEqual([])
  })

  it('runs at most `concurrency` ffmpeg processes at once, and idle() waits for all of them', async () => {
    const dir = tempDir()
    const log = path.join(dir, 'runs.log')
    // An ffmpeg that logs when each run starts and ends, so the overlap can be counted afterwards.
    const counting = path.join(dir, 'counting-ffmpeg')
    const script = `#!/bin/sh\necho start >> '${log}'\n'${ffmpeg}' "$@"\nstatus=$?\necho end >> '${log}'\nexit $status\n`
    writeFileSync(counting, script, { mode: 0o755 })
    const queue = createThumbnailQueue(counting, 2)
    const names = ['mp4', 'webm', 'mkv', 'mov', 'rotated', 'longClip'] as const
    const jobs = names.map((name) => job(dir, name, 'video', name === 'longClip' ? 60 : name === 'rotated' ? 1 : 2))
    for (const each of jobs) void queue.enqueue(each)
    await queue.idle()
    for (const name of names) expect(existsSync(path.join(dir, name, 'sprite.jpg'))).toBe(true)
    let running = 0
    let most = 0
    const events = readFileSync(log, 'utf8').trim().split('\n')
    for (const event of events) {
      running += event === 'start' ? 1 : -1
      most = Math.max(most, running)
    }
    expect(events).toHaveLength(jobs.length * 2 * 2)
    expect(most).toBe(2)
  })
})
