import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MediaType } from '../../shared/contract'
import { createLimiter } from '../../shared/limiter'
import type { SaveFile } from '../library/atomic-write'
import { runTool, type RunTool } from './tool-io'
import { heifFirstImage, type HeifGrid, type HeifPicture } from './heif-first-image'
import { webpFirstFrame, type WebpFirstFrame } from './webp-first-frame'

/** Longest side of a poster, in pixels; smaller pictures keep their size. */
export const POSTER_MAX_SIZE = 480
/** Widest frame of a sprite sheet, in pixels. */
export const SPRITE_FRAME_MAX_WIDTH = 160

/**
 * What makePoster needs: the source file, the JPEG to write and how far into a video to look;
 * `canvas` places a picture at (x, y) on a canvas of that size first (an animated WebP's first frame);
 * `grid` puts the source's frames together as tiles first (a gridded AVIF's); `rgb` takes its planes as G, B, R.
 */
export type PosterOptions = {
  source: string
  save: SaveFile
  mediaType: MediaType
  durationSeconds: number | null
  canvas?: { width: number; height: number; x: number; y: number }
  grid?: HeifGrid
  rgb?: boolean
}

/** What makeSprite needs: the source video, the JPEG to write and how many frames to take. */
export type SpriteOptions = { source: string; save: SaveFile; durationSeconds: number; frames?: number }

/** The layout of a sprite sheet: `frames` frames of frameWidth × frameHeight side by side. */
export type SpriteInfo = { frames: number; frameWidth: number; frameHeight: number }

/** One asset's thumbnails to make: a poster, and for videos a sprite sheet. */
export type ThumbnailJob = {
  assetId: string
  source: string
  mediaType: MediaType
  durationSeconds: number | null
  poster: SaveFile
  sprite: SaveFile
}

/** What came of a ThumbnailJob; `error` holds ffmpeg's message when something failed. */
export type ThumbnailResult = { assetId: string; poster: boolean; sprite: SpriteInfo | null; error?: string }

/** Runs thumbnail jobs in the background with bounded concurrency. */
export type ThumbnailQueue = {
  /** Queues a job, at the front when `urgent` (a thumbnail somebody is looking at). */
  enqueue(job: ThumbnailJob, urgent?: boolean): Promise<ThumbnailResult>
  /** Moves an asset's waiting job to the front; false when none waits (it runs already, or was never queued). */
  promote(assetId: string): boolean
  /** Resolves when every job enqueued so far, and any enqueued meanwhile, is done. */
  idle(): Promise<void>
}

// The largest canvas an animated WebP's first frame is placed on for its poster (a 50 MP picture is ~75 MB in ffmpeg).
const MAX_PLACED_PIXELS = 50_000_000
const FFMPEG_BASE = ['-v', 'error', '-nostdin', '-y']
// Up to this length a sprite comes from one decoding pass; beyond it, from one seek per frame.
const SPRITE_SINGLE_PASS_SECONDS = 20
// Anamorphic video stores wide pictures in narrow pixels; stretch to square pixels before fitting.
const SQUARE_PIXELS = 'scale=iw*sar:ih,setsar=1'
const ONE_JPEG = ['-an', '-sn', '-dn', '-frames:v', '1', '-q:v', '3', '-f', 'mjpeg']
// A 16:9 picture of the whole sound, channels mixed to one, light on the dark card background.
const WAVEFORM = [
  '-filter_complex',
  `[0:a:0]aformat=channel_layouts=mono,showwavespic=s=${POSTER_MAX_SIZE}x${(POSTER_MAX_SIZE * 9) / 16}:colors=0x9ec5fe`,
  ...ONE_JPEG,
]

/**
 * Writes a JPEG poster, longest side ≤ POSTER_MAX_SIZE: a video's frame at 10% of its duration, a
 * resized image, or the waveform of an audio file's first sound stream.
 */
export async function makePoster(ffmpegPath: string, options: PosterOptions, run: RunTool = runTool): Promise<void> {
  await options.save((temp) => renderPoster(ffmpegPath, options, temp, run))
}

async function renderPoster(
  ffmpegPath: string,
  options: Omit<PosterOptions, 'save'>,
  temp: string,
  run: RunTool,
): Promise<void> {
  const { source, mediaType, durationSeconds, canvas, grid, rgb } = options
  if (mediaType === 'audio') {
    await run(ffmpegPath, [...FFMPEG_BASE, '-i', source, ...WAVEFORM, temp])
    return
  }
  const seek = mediaType === 'video' && durationSeconds ? durationSeconds * 0.1 : 0
  // G, B and R planes decoded as if Y, U and V (or as G, B, R by a newer decoder): taken as the planes they are.
  const planes = rgb ? 'mergeplanes=0x000102:gbrp,' : ''
  const tiles = grid ? `tile=${grid.columns}x${grid.rows},crop=${grid.width}:${grid.height}:0:0,` : ''
  const place = `${planes}${tiles}${canvas ? `pad=${canvas.width}:${canvas.height}:${canvas.x}:${canvas.y}:color=black,` : ''}`
  // Autorotation runs before this filter, so iw/ih are the displayed size; min() keeps small pictures unscaled.
  const fit = `${place}${SQUARE_PIXELS},scale='min(${POSTER_MAX_SIZE},iw)':'min(${POSTER_MAX_SIZE},ih)':force_original_aspect_ratio=decrease`
  // No -ss at all for the start: this ffmpeg finds no frame in a JPEG after even `-ss 0`.
  const from = (at: number) => (at > 0 ? ['-ss', at.toFixed(3)] : [])
  const grab = (at: number) =>
    run(ffmpegPath, [...FFMPEG_BASE, ...from(at), '-i', source, '-vf', fit, ...ONE_JPEG, temp])
  await grab(seek)
  // A header may overstate the duration; ffmpeg then succeeds having written nothing, so retry from the start.
  if (seek > 0 && (await stat(temp)).size === 0) await grab(0)
  if ((await stat(temp)).size === 0) throw new Error(`ffmpeg found no frame to make a poster of in ${source}`)
}

/** Writes a JPEG sprite sheet of `frames` frames spread evenly over a video, side by side, each ≤ 160 px wide. */
export async function makeSprite(
  ffmpegPath: string,
  options: SpriteOptions,
  run: RunTool = runTool,
): Promise<SpriteInfo> {
  const { source, save, durationSeconds, frames = 10 } = options
  if (!(durationSeconds > 0)) throw new RangeError(`a sprite sheet needs a positive duration, got ${durationSeconds}`)
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be a positive integer, got ${frames}`)
  const frame = `${SQUARE_PIXELS},scale='min(${SPRITE_FRAME_MAX_WIDTH},iw)':-2`
  const slice = durationSeconds / frames
  // Frames from the middle of each of `frames` equal slices, so none lands on the very end where there is no frame.
  const args =
    durationSeconds <= SPRITE_SINGLE_PASS_SECONDS
      ? // A short clip is decoded in one pass: one process start instead of `frames` (a 1 s clip: 16 ms against
        // 150 ms for ten seeking inputs). The fps filter keeps, for output frame n, the last frame before
        // (n + 0.5) slices, which is the middle of slice n.
        ['-i', source, '-vf', `fps=${frames}/${durationSeconds},${frame},tile=${frames}x1`]
      : // A long video gets one seeking input per frame: ffmpeg decodes a few frames around each point instead of the
        // whole file (a 5-minute 720p H.264 file: 0.2 s, against 10 s for one pass).
        seekingInputs(source, frames, slice, frame)
  let sheet = { width: 0, height: 0 }
  await save(async (temp) => {
    await run(ffmpegPath, [...FFMPEG_BASE, ...args, ...ONE_JPEG, temp])
    sheet = jpegSize(await readFile(temp))
  })
  return { frames, frameWidth: sheet.width / frames, frameHeight: sheet.height }
}

function seekingInputs(source: string, frames: number, slice: number, frame: string): string[] {
  const inputs: string[] = []
  const chains: string[] = []
  for (let i = 0; i < frames; i++) {
    inputs.push('-ss', ((i + 0.5) * slice).toFixed(3), '-i', source)
    chains.push(`[${i}:v:0]trim=end_frame=1,${frame}[f${i}]`)
  }
  const labels = chains.map((_, i) => `[f${i}]`).join('')
  return [...inputs, '-filter_complex', `${chains.join(';')};${labels}concat=n=${frames}:v=1:a=0,tile=${frames}x1`]
}

/** A queue that makes posters and (for videos) sprite sheets, at most `concurrency` jobs at once. */
export function createThumbnailQueue(ffmpegPath: string, concurrency: number, run: RunTool = runTool): ThumbnailQueue {
  const limit = createLimiter(concurrency)
  const pending = new Set<Promise<ThumbnailResult>>()
  return {
    enqueue(job, urgent = false) {
      const result = limit(() => makeThumbnails(ffmpegPath, job, run), job.assetId)
      if (urgent) limit.promote(job.assetId)
      pending.add(result)
      void result.then(() => pending.delete(result))
      return result
    },
    promote: (assetId) => limit.promote(assetId),
    async idle() {
      while (pending.size > 0) await Promise.all(pending)
    },
  }
}

async function makeThumbnails(ffmpegPath: string, job: ThumbnailJob, run: RunTool): Promise<ThumbnailResult> {
  const { assetId, source, mediaType, durationSeconds } = job
  let poster = false
  // Set inside the poster's write; the cast keeps TypeScript from narrowing it to null for the finally below.
  let still = null as Awaited<ReturnType<typeof stillForFfmpeg>>
  try {
    await job.poster(async (temp) => {
      still = mediaType === 'image' ? await stillForFfmpeg(source, temp) : null
      const input = still ? { source: still.path, canvas: still.canvas, grid: still.grid, rgb: still.rgb } : { source }
      await renderPoster(ffmpegPath, { ...input, mediaType, durationSeconds }, temp, run)
    })
    poster = true
    const sprite =
      mediaType === 'video' && durationSeconds
        ? await makeSprite(ffmpegPath, { source, save: job.sprite, durationSeconds }, run)
        : null
    return { assetId, poster, sprite }
  } catch (error) {
    return { assetId, poster, sprite: null, error: error instanceof Error ? error.message : String(error) }
  } finally {
    if (still) await rm(still.path, { force: true })
  }
}

/**
 * A picture the bundled ffmpeg cannot read as it is, rewritten where it can: an animated WebP's
 * first frame as a still WebP (with where it sits on the animation's canvas), an AVIF's picture as
 * an AV1 IVF file (a grid's tiles as its frames); null for any other image. Written next to `dest` (the
 * poster's temp file) under a writeAtomically-like temp name, so a crash's leftover is swept like one.
 */
async function stillForFfmpeg(
  source: string,
  dest: string,
): Promise<{ path: string; canvas: PosterOptions['canvas']; grid?: HeifGrid; rgb?: boolean } | null> {
  const file = await open(source, 'r')
  let first: WebpFirstFrame | null
  let avif: HeifPicture | null = null
  try {
    first = await webpFirstFrame(file)
    if (!first) avif = await heifFirstImage(file)
  } catch (error) {
    throw new Error(`No thumbnail: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await file.close()
  }
  if (!first && !avif) return null
  await mkdir(path.dirname(dest), { recursive: true })
  const still = path.join(
    path.dirname(dest),
    `.${path.basename(dest)}-first-frame.${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
  )
  await writeFile(still, first ? first.still : avif!.ivf, { flag: 'wx' })
  return { path: still, canvas: first ? placement(first) : undefined, grid: avif?.grid, rgb: avif?.rgb }
}

/** Where an animated WebP's first frame goes on its canvas; undefined when it needs no placing. */
function placement({ canvas, frame }: WebpFirstFrame): PosterOptions['canvas'] {
  // A frame that fits its canvas exactly needs no placing; one that overflows it (a malformed file), or a
  // canvas too large to pad in memory (a 16k x 16k canvas declared around a tiny frame), is shown as it is.
  const fits =
    frame.x + frame.width <= canvas.width &&
    frame.y + frame.height <= canvas.height &&
    canvas.width * canvas.height <= MAX_PLACED_PIXELS
  const covers = frame.x === 0 && frame.y === 0 && frame.width === canvas.width && frame.height === canvas.height
  return fits && !covers ? { ...canvas, x: frame.x, y: frame.y } : undefined
}

/** Width and height from a JPEG's start-of-frame header. */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let offset = 2
  while (offset + 9 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1]
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) }
    }
    offset += 2 + jpeg.readUInt16BE(offset + 2)
  }
  throw new Error('ffmpeg wrote a sprite sheet without a JPEG frame header')
}
