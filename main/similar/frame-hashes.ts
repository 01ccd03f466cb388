import { createInterface } from 'node:readline'
import { startFfmpeg } from '../media/ffmpeg-run'
import { ToolError } from '../media/tool-io'
import type { FrameHash } from './frame-match'
import { detectPictureArea, type PictureArea } from './letterbox'
import { pdqHash, type PdqResult } from './pdq-hash'

/** How to sample a video. */
export type FrameHashOptions = {
  /** Told where the picture lies between black bars (null: no bars found) before the first frame comes. */
  onPictureArea?: (area: PictureArea | null) => void
  /** Kills ffmpeg; the iteration then throws the signal's reason once ffmpeg is gone. */
  signal?: AbortSignal
  /** The video's length: under SHORT_CLIP_SECONDS every frame is hashed, else one a second (unknown: one a second). */
  durationSeconds: number | null
  /** The square ffmpeg scales each picture to before hashing (default SAMPLE_SIDE). */
  side?: number
}

/** Clips shorter than this (in seconds) have every frame hashed; longer ones one frame a second. */
export const SHORT_CLIP_SECONDS = 10
/**
 * ffmpeg scales every picture to this square before PDQ's own blur (as Meta's vPDQ scales frames to one square):
 * copies at other sizes then hash alike (a half-size copy of a clip lands a median 2 bits from its source where
 * it lands 20 when each is hashed at its own size: PDQ's blur is 2 pixels wide and off-centre at 136–256 px,
 * 3 and centred at 257–384). Photos and frames of 480–1432 px stay a median 4 bits (10 at most, over 19) from
 * hashing them at full size; squares of 128 and 256 land 12–16 off. A picture smaller than the square is
 * enlarged, so its hash is not the reference's at its own size.
 */
export const SAMPLE_SIDE = 384
/**
 * Accurate rounding and full chroma interpolation: the reference decodes JPEGs with libjpeg's smooth chroma
 * upsampling, and swscale's default rgb conversion lands several bits further from its hashes.
 */
export const SCALE_FLAGS = 'area+accurate_rnd+full_chroma_int'
// The first frame, then each first frame a second or more after the last one taken, at its own time: the fps
// filter would instead relabel the last frame before each half second (a frame at 2.48 s as 2 s).
const ONE_A_SECOND = "select='isnan(prev_selected_t)+gte(t-prev_selected_t,1)'"
// showinfo's line per frame: its number, presentation time and size (checksums off: they cost time). A frame
// without a time (NOPTS) must still match, or its bytes would never be read and ffmpeg would wait on the pipe.
const FRAME_LINE = /\bn:\s*(\d+)\s+pts:\s*\S+\s+pts_time:(\S+)\s.*\bs:(\d+)x(\d+)/
const TAIL_LINES = 20

/**
 * The PDQ hashes of a video's frames, about one a second (every frame of a clip under 10 s), with black bars
 * taken away first (see letterbox.ts): one ffmpeg pass decodes, picks, crops and scales the frames, which are
 * read from its output one at a time (never the whole video), so a slow consumer pauses ffmpeg.
 */
export async function* videoFrameHashes(
  ffmpegPath: string,
  source: string,
  options: FrameHashOptions,
): AsyncGenerator<FrameHash> {
  const { signal, durationSeconds, side = SAMPLE_SIDE } = options
  const area = await detectPictureArea(ffmpegPath, source, signal)
  options.onPictureArea?.(area)
  const everyFrame = durationSeconds !== null && durationSeconds < SHORT_CLIP_SECONDS
  yield* hashedFrames(ffmpegPath, plainArgs(['-i', source], pictureFilters(!everyFrame, area, side)), signal)
}

/** The PDQ hash of an image (of its first frame, for an animated one), scaled as video frames are. */
export async function imageHash(
  ffmpegPath: string,
  source: string,
  options: Omit<FrameHashOptions, 'durationSeconds'> = {},
): Promise<PdqResult> {
  const { signal, side = SAMPLE_SIDE } = options
  const input = ['-i', source, '-frames:v', '1']
  for await (const { hash, quality } of hashedFrames(
    ffmpegPath,
    plainArgs(input, pictureFilters(false, null, side)),
    signal,
  )) {
    return { hash, quality }
  }
  throw new Error(`ffmpeg found no picture to hash in ${source}`)
}

/** The filter chain: pick frames (one a second, or all), crop, scale to a `side` square of RGB, report each frame. */
function pictureFilters(oneASecond: boolean, area: PictureArea | null, side: number): string {
  return [
    ...(oneASecond ? [ONE_A_SECOND] : []),
    ...(area ? [`crop=${area.width}:${area.height}:${area.x}:${area.y}`] : []),
    `scale=${side}:${side}:flags=${SCALE_FLAGS}`,
    'format=rgb24',
    'showinfo=checksum=0',
  ].join(',')
}

/** The arguments that send `input`'s first video stream through `filters` to the raw output hashedFrames reads. */
function plainArgs(input: string[], filters: string): string[] {
  // Passthrough: a raw output would otherwise get frames repeated or dropped to a constant rate, which showinfo never sees.
  return [...input, '-map', '0:v:0', '-vf', filters, '-vsync', '0']
}

/**
 * Runs ffmpeg with `args` (inputs, other outputs, then the mapping and options of the raw output, whose
 * frames must be rgb24 and reported by showinfo) and hashes each RGB frame it writes as it arrives.
 */
async function* hashedFrames(
  ffmpegPath: string,
  args: string[],
  signal: AbortSignal | undefined,
): AsyncGenerator<FrameHash> {
  for await (const { timestampSeconds, data, width, height } of rgbFrames(ffmpegPath, args, signal)) {
    yield { timestampSeconds, ...pdqHash({ data, width, height, channels: 3 }) }
  }
}

/** One RGB (or grey) frame ffmpeg wrote, with its time: `data` is only valid until the next frame is asked for. */
export type RgbFrame = { timestampSeconds: number; data: Uint8Array; width: number; height: number }

/**
 * Runs ffmpeg with `args` (as hashedFrames takes them) and yields each frame of the raw output as it arrives:
 * rgb24 (3 bytes a pixel), or gray when `bytesPerPixel` is 1.
 */
export async function* rgbFrames(
  ffmpegPath: string,
  args: string[],
  signal: AbortSignal | undefined,
  bytesPerPixel: 1 | 3 = 3,
): AsyncGenerator<RgbFrame> {
  signal?.throwIfAborted()
  const child = startFfmpeg(ffmpegPath, ['-v', 'info', ...args, '-f', 'rawvideo', 'pipe:1'])
  signal?.addEventListener('abort', child.kill, { once: true })
  const log = frameLog(child.stderr)
  const pixels = exactReader(child.stdout)
  try {
    // showinfo prints each frame's line before ffmpeg writes the frame: its size says how many bytes to read.
    for (let index = 0, frame = await log.frame(0); frame; frame = await log.frame(++index)) {
      const { width, height, timestampSeconds } = frame
      const data = await pixels.read(width * height * bytesPerPixel)
      if (!data) break
      yield { timestampSeconds, data, width, height }
    }
    const { code, startFailure } = await child.closed
    signal?.throwIfAborted()
    if (startFailure) throw startFailure
    if (code !== 0)
      throw new ToolError(child.tool, code, log.tail(), code === null ? 'was killed' : `exited with code ${code}`)
  } finally {
    signal?.removeEventListener('abort', child.kill)
    // A consumer that stops early (or a failure above) leaves ffmpeg nothing more to do.
    child.kill()
    pixels.close()
    await child.closed
  }
}

/** Reads a stream in pieces of given sizes; null once it ends before a piece is whole. */
function exactReader(stream: NodeJS.ReadableStream) {
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  let held: Buffer = Buffer.alloc(0)
  return {
    async read(size: number): Promise<Buffer | null> {
      const parts = [held]
      let have = held.length
      while (have < size) {
        const next = await chunks.next()
        if (next.done) return null
        parts.push(next.value)
        have += next.value.length
      }
      const joined = parts.length === 1 ? held : Buffer.concat(parts, have)
      held = joined.subarray(size)
      return joined.subarray(0, size)
    },
    close: () => void chunks.return?.(),
  }
}

type FrameInfo = { timestampSeconds: number; width: number; height: number }

/** ffmpeg's stderr as frames (showinfo's lines, by frame number) and the last other lines, for errors. */
function frameLog(stderr: NodeJS.ReadableStream) {
  // Frames showinfo has reported and the reader has not taken yet (ffmpeg's filters may run a few frames ahead).
  const frames = new Map<number, FrameInfo>()
  const tail: string[] = []
  const waiting = new Map<number, (frame: FrameInfo | null) => void>()
  let ended = false
  const lines = createInterface({ input: stderr, crlfDelay: Infinity })
  lines.on('line', (line) => {
    const match = FRAME_LINE.exec(line)
    if (!match) {
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      return
    }
    const number = Number(match[1])
    const frame = { timestampSeconds: Number(match[2]), width: Number(match[3]), height: Number(match[4]) }
    const wake = waiting.get(number)
    if (wake) {
      waiting.delete(number)
      wake(frame)
    } else frames.set(number, frame)
  })
  const end = () => {
    ended = true
    for (const wake of waiting.values()) wake(null)
    waiting.clear()
  }
  lines.on('close', end)
  stderr.on('error', end)
  return {
    /** Frame `number`'s time and size, taken once; null when ffmpeg ended without it. */
    frame: async (number: number): Promise<FrameInfo | null> => {
      const known = frames.get(number)
      frames.delete(number)
      return known ?? (ended ? null : new Promise<FrameInfo | null>((wake) => waiting.set(number, wake)))
    },
    tail: () => tail.join('\n'),
  }
}
