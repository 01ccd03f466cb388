import { runFfmpeg } from '../media/ffmpeg-run'

/** The part of a video's picture that is not black bars, in displayed pixels. */
export type PictureArea = { width: number; height: number; x: number; y: number }

// ffmpeg's cropdetect over key frames only: a long-GOP video decodes a few pictures spread over its whole length
// (a dark opening does not decide alone), for a small share of one decoding pass (see the 'similar' bench).
// Intra-only codecs make every frame a key frame, hence the cap.
const MOST_KEY_FRAMES = 60
// A pixel row or column with all luma values at or below 24 of 255 counts as black (cropdetect's own default),
// and sizes may be any even number (its default rounds them down to multiples of 16, cutting off picture). This
// cropdetect ignores the first two frames it gets and a short clip may have one key frame: the first is shown thrice.
const CROPDETECT = 'loop=loop=2:size=1,cropdetect=limit=24:round=2:reset=0'
// cropdetect's running union of non-black rows and columns; the last line covers every frame it saw.
const CROP_LINE = /crop=(-?\d+):(-?\d+):(-?\d+):(-?\d+)\s*$/
// The stream lines ffmpeg prints; the last is the output's, whose size is the displayed one (after autorotation).
const VIDEO_LINE = / Video: .*?, (\d+)x(\d+)/
// Bars narrower than this share of a side are noise (an encoder's dark edge line), not a letterbox; a picture
// narrower than this share of a side is dark footage around something bright (a title, a logo), not bars.
const LEAST_BAR_SHARE = 0.02
const LEAST_PICTURE_SHARE = 0.5

/**
 * Where a video's picture is once letterbox or pillarbox bars are taken away; null when it has no bars, or
 * when its key frames are mostly black and there is nothing sure to go by.
 */
export async function detectPictureArea(
  ffmpegPath: string,
  source: string,
  signal?: AbortSignal,
): Promise<PictureArea | null> {
  // One decoding thread: a few key frames keep no pool of frame threads busy, and starting one costs about as
  // much CPU as the whole detection (0.05 s against 0.025 s on the bench's 720p clip).
  const keyFrames = ['-threads', '1', '-skip_frame', 'nokey', '-i', source]
  const args = ['-v', 'info', ...keyFrames, '-map', '0:v:0', '-vf', CROPDETECT]
  const { lines } = await runFfmpeg(ffmpegPath, [...args, '-frames:v', String(MOST_KEY_FRAMES), '-f', 'null', '-'], {
    signal,
    keepLine: (line) => CROP_LINE.test(line) || VIDEO_LINE.test(line),
  })
  const size = lines
    .map((line) => VIDEO_LINE.exec(line))
    .filter(Boolean)
    .at(-1)
  const crop = lines
    .map((line) => CROP_LINE.exec(line))
    .filter(Boolean)
    .at(-1)
  if (!size || !crop) return null
  const [frameWidth, frameHeight] = [Number(size[1]), Number(size[2])]
  const [width, height, x, y] = crop.slice(1).map(Number) as [number, number, number, number]
  // An all-black picture leaves cropdetect's bounds inverted: it then prints a zero or negative size.
  if (width <= 0 || height <= 0 || x + width > frameWidth || y + height > frameHeight) return null
  if (width < frameWidth * LEAST_PICTURE_SHARE || height < frameHeight * LEAST_PICTURE_SHARE) return null
  const pillarbox = frameWidth - width > frameWidth * LEAST_BAR_SHARE
  const letterbox = frameHeight - height > frameHeight * LEAST_BAR_SHARE
  if (!pillarbox && !letterbox) return null
  return {
    width: pillarbox ? width : frameWidth,
    height: letterbox ? height : frameHeight,
    x: pillarbox ? x : 0,
    y: letterbox ? y : 0,
  }
}
