import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool, ToolError } from '../../main/media/tool-io'
import { imageHash, videoFrameHashes } from '../../main/similar/frame-hashes'
import type { FrameHash } from '../../main/similar/frame-match'
import { hammingDistance } from '../../main/similar/hash-bits'
import { pdqHash, type PdqResult } from '../../main/similar/pdq-hash'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffmpeg } = resolveMediaTools()

/** The command lines of this process's live ffmpeg children (from /proc). */
function ffmpegChildren(): string[] {
  const tasks = `/proc/${process.pid}/task`
  const pids = readdirSync(tasks).flatMap((task) => readFileSync(`${tasks}/${task}/children`, 'utf8').split(' '))
  return pids
    .filter(Boolean)
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      } catch {
        return '' // exited meanwhile
      }
    })
    .filter((command) => command.includes(ffmpeg))
}

/** PDQ hashes of the frames one a second of a clip, decoded at full size (`size`) without ffmpeg scaling them. */
async function fullSizeHashes(clip: string, [width, height]: [number, number]): Promise<PdqResult[]> {
  const { stdout } = await promisify(execFile)(
    ffmpeg,
    [
      '-v',
      'error',
      '-i',
      clip,
      '-vf',
      "select='isnan(prev_selected_t)+gte(t-prev_selected_t,1)'",
      '-vsync',
      '0',
    ].concat(['-sws_flags', 'accurate_rnd+full_chroma_int', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']),
    { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
  )
  const bytes = width * height * 3
  return Array.from({ length: stdout.length / bytes }, (_, i) =>
    pdqHash({ data: stdout.subarray(i * bytes, (i + 1) * bytes), width, height, channels: 3 }),
  )
}

async function collect(frames: AsyncIterable<FrameHash>): Promise<FrameHash[]> {
  const all: FrameHash[] = []
  for await (const frame of frames) all.push(frame)
  return all
}

describe('videoFrameHashes', () => {
  it('hashes every frame of a clip under 10 s, each at its own time', async () => {
    // 2 s at 25 fps.
    const frames = await collect(videoFrameHashes(ffmpeg, fixtures.mp4, { durationSeconds: 2 }))
    expect(frames).toHaveLength(50)
    expect(frames.map((frame) => frame.timestampSeconds)).toEqual(frames.map((_, i) => Number((i * 0.04).toFixed(2))))
    expect(frames.every((frame) => frame.hash.length === 32 && frame.quality > 0)).toBe(true)
  })

  it('hashes a longer video once a second', async () => {
    const frames = await collect(videoFrameHashes(ffmpeg, fixtures.longClip, { durationSeconds: 60 }))
    expect(frames.map((frame) => frame.timestampSeconds)).toEqual(Array.from({ length: 60 }, (_, i) => i))
  })

  it('stops ffmpeg when aborted, and throws the abort', async () => {
    const controller = new AbortController()
    const frames = videoFrameHashes(ffmpeg, fixtures.longClip, { durationSeconds: 60, signal: controller.signal })
    const first = await frames.next()
    expect(first.done).toBe(false)
    expect(ffmpegChildren()).toHaveLength(1)
    controller.abort()
    await expect(collect(frames)).rejects.toMatchObject({ name: 'AbortError' })
    expect(ffmpegChildren()).toEqual([])
  })

  it('stops ffmpeg when the consumer stops early', async () => {
    for await (const frame of videoFrameHashes(ffmpeg, fixtures.longClip, { durationSeconds: 60 })) {
      expect(frame.timestampSeconds).toBe(0)
      break
    }
    expect(ffmpegChildren()).toEqual([])
  })

  it('stays within 10 bits of hashing the same 1280x720 frames at full size', async () => {
    // A photograph (Meta's PDQ sample) filmed by a panning camera: real detail at every scale.
    const clip = path.join(tempDir(), 'pan.mp4')
    const photo = path.resolve('test/fixtures/pdq-reference/q2821.jpg')
    const pan = "scale=2048:2048,crop=1280:720:'t*60':'t*40'"
    const encode = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p']
    await runTool(ffmpeg, [
      '-v',
      'error',
      '-loop',
      '1',
      '-framerate',
      '25',
      '-t',
      '4',
      '-i',
      photo,
      '-vf',
      pan,
      ...encode,
      clip,
    ])
    const sampled = await collect(videoFrameHashes(ffmpeg, clip, { durationSeconds: null }))
    const fullSize = await fullSizeHashes(clip, [1280, 720])
    expect(sampled.map((frame) => frame.timestampSeconds)).toEqual([0, 1, 2, 3])
    const distances = sampled.map((frame, i) => hammingDistance(frame.hash, fullSize[i]!.hash))
    console.log(`384x384 against full size: ${distances.join(' ')} bits`)
    expect(distances).toHaveLength(4)
    expect(Math.max(...distances)).toBeLessThanOrEqual(10)
  })

  it("turns ffmpeg's failure into an error in words", async () => {
    const failure = collect(videoFrameHashes(ffmpeg, fixtures.textAsMp4, { durationSeconds: null }))
    await expect(failure).rejects.toThrow(ToolError)
    await expect(failure).rejects.toThrow(/Invalid data found when processing input/)
  })
})

describe('imageHash', () => {
  it("hashes an animated picture's first frame", async () => {
    const dir = tempDir()
    const firstFrame = path.join(dir, 'first.png')
    await runTool(ffmpeg, ['-v', 'error', '-i', fixtures.animatedGif, '-frames:v', '1', firstFrame])
    const secondFrame = path.join(dir, 'second.png')
    await runTool(ffmpeg, [
      '-v',
      'error',
      '-i',
      fixtures.animatedGif,
      '-vf',
      'select=eq(n\\,5)',
      '-frames:v',
      '1',
      secondFrame,
    ])
    const gif = await imageHash(ffmpeg, fixtures.animatedGif)
    expect(gif.quality).toBeGreaterThan(0)
    expect(hammingDistance(gif.hash, (await imageHash(ffmpeg, firstFrame)).hash)).toBe(0)
    expect(hammingDistance(gif.hash, (await imageHash(ffmpeg, secondFrame)).hash)).toBeGreaterThan(0)
  })

  it("turns ffmpeg's failure into an error in words", async () => {
    const failure = imageHash(ffmpeg, fixtures.textAsMp4)
    await expect(failure).rejects.toThrow(ToolError)
    await expect(failure).rejects.toThrow(/ffmpeg exited with code 1: .*Invalid data found when processing input/)
  })

  it('says so when ffmpeg cannot start', async () => {
    await expect(imageHash('/nonexistent/ffmpeg', fixtures.png)).rejects.toThrow(/ffmpeg could not start \(ENOENT\)/)
  })
})
