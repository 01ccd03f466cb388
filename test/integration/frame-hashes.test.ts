import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool, ToolError } from '../../main/media/tool-io'
import { imageHash, videoFrameHashes, type FrameHash } from '../../main/similar/frame-hashes'
import { hammingDistance } from '../../main/similar/hash-bits'
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
