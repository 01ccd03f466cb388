import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { rgbFrames, SAMPLE_SIDE, SCALE_FLAGS } from '../similar/frame-hashes'
import type { HashBits } from '../similar/hash-bits'
import type { PdqResult } from '../similar/pdq-hash'
import { startPdqHasher } from './pdq-hasher'

/**
 * How a timeline picks its frames. `source-times`: frame n is the first picture the source shows at or after
 * n / fps, stored at its own presentation time. `fps-filter` (timelines made before issue 62, whose config has no
 * `sampling`): ffmpeg's fps filter, whose frame n is stored at n / fps though the picture it holds may be shown up
 * to a source frame later (0.24 s with some builds); its timelines keep it, so their frames and a text stage's
 * reading of them stay the same frames.
 */
export type FrameSampling = 'source-times' | 'fps-filter'

/** How a timeline samples its source: frames a second, the longest side of each frame, JPEG quality (IJG scale). */
export interface FramesConfig {
  fps: number
  longest_side: number
  quality: number
  sampling?: FrameSampling
}

/**
 * The ffmpeg filter that picks a timeline's frames (see FrameSampling); the frames it passes keep their own
 * timestamps, so its output needs `-vsync 0`. `source-times` keeps a picture when it is the first at or after a
 * multiple of 1 / fps (the millionth of a second forgives a timestamp a rounding short of it).
 */
export function samplingFilter(fps: number, sampling: FrameSampling = 'fps-filter'): string {
  if (sampling === 'fps-filter') return `fps=${fps}`
  return `select='eq(n\\,0)+gt(floor(t*${fps}+1e-6)\\,floor(prev_t*${fps}+1e-6))'`
}

/** One frame ffmpeg wrote: its place, its time in the source, its JPEG in the staging folder and its PDQ hash. */
export interface ExtractedFrame {
  sequence: number
  timestamp: number
  file: string
  bytes: number
  hash: HashBits
  hashQuality: number
}

/**
 * ffmpeg's JPEG scale (2 best, 31 worst) nearest an IJG quality: its quantisers are the standard tables times
 * q/… where IJG scales them by (200 − 2·quality)% (5000/quality % under 50); measured, ffmpeg's q 2 lands
 * within a step of IJG's 85 on the AC tables.
 */
export function jpegScaleFor(quality: number): number {
  const scale = quality >= 50 ? (200 - 2 * quality) / 100 : 50 / quality
  return Math.min(31, Math.max(2, Math.round(scale / 0.18)))
}

/**
 * The frames of `source` at `config.fps` (picked as `config.sampling` says, each at its time in the source), each written as a
 * JPEG into `stagingDir` and hashed (PDQ, on the same 384-pixel square near-duplicates use, on a worker thread) in
 * one ffmpeg pass.
 * `onFrame` hears each frame's time as it is hashed. The files are complete once this resolves.
 */
export async function extractFrames(
  ffmpegPath: string,
  source: string,
  config: FramesConfig,
  stagingDir: string,
  options: { signal?: AbortSignal; onFrame?: (timestamp: number) => void } = {},
): Promise<ExtractedFrame[]> {
  const side = config.longest_side
  const graph = [
    `[0:v:0]${samplingFilter(config.fps, config.sampling)},split=2[jpeg][hash]`,
    `[jpeg]scale=w='if(gte(iw,ih),min(${side},iw),-2)':h='if(gte(iw,ih),-2,min(${side},ih))'[jpegs]`,
    `[hash]scale=${SAMPLE_SIDE}:${SAMPLE_SIDE}:flags=${SCALE_FLAGS},format=rgb24,showinfo=checksum=0[hashes]`,
  ].join(';')
  const args = [
    '-i',
    source,
    '-filter_complex',
    graph,
    '-map',
    '[jpegs]',
    '-q:v',
    String(jpegScaleFor(config.quality)),
    '-vsync',
    '0',
    '-start_number',
    '0',
    path.join(stagingDir, '%06d.jpg'),
    '-map',
    '[hashes]',
    '-vsync',
    '0',
  ]
  // Hashed on a worker while the next frames are read: ffmpeg never waits for a frame's hash.
  const hasher = startPdqHasher()
  const hashes: { timestamp: number; hashed: Promise<PdqResult> }[] = []
  try {
    for await (const frame of rgbFrames(ffmpegPath, args, options.signal)) {
      const hashed = hasher.hash(frame.data, frame.width, frame.height)
      // Awaited below; when the reading fails first, the hashes still owed reject as the hasher closes, unheard.
      hashed.catch(() => undefined)
      hashes.push({ timestamp: frame.timestampSeconds, hashed })
      options.onFrame?.(frame.timestampSeconds)
    }
    await Promise.all(hashes.map((frame) => frame.hashed))
  } finally {
    await hasher.close()
  }
  const files = (await readdir(stagingDir)).filter((name) => /^\d{6}\.jpg$/.test(name)).sort()
  if (files.length !== hashes.length) {
    throw new Error(`ffmpeg wrote ${files.length} frames but hashed ${hashes.length} of ${source}`)
  }
  return Promise.all(
    files.map(async (name, sequence) => {
      const file = path.join(stagingDir, name)
      const { hashed, timestamp } = hashes[sequence]!
      const { hash, quality } = await hashed
      return { sequence, timestamp, file, bytes: (await stat(file)).size, hash, hashQuality: quality }
    }),
  )
}
