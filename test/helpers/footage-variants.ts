import path from 'node:path'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'

const { ffmpeg } = resolveMediaTools()
// A real photograph (Meta's PDQ sample, see fixtures/pdq-reference/README.md) filmed by a panning, 480x270 camera.
export const PHOTO = path.resolve('test/fixtures/pdq-reference/q1050.jpg')
export const OTHER_PHOTO = path.resolve('test/fixtures/pdq-reference/q2821.jpg')
/** The source clip's length in seconds. */
export const SOURCE_SECONDS = 12
const PAN = `scale=1024:1024,crop=480:270:'t*40':'t*25'`
const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-an']

/** Each variant of the source clip (issue 21's list): how ffmpeg makes it and how far its times are behind the source's. */
export const VIDEO_VARIANTS = [
  { name: 'low-bitrate.mp4', args: ['-b:v', '40k'], offset: 0 },
  { name: 'half-size.mp4', args: ['-vf', 'scale=240:136'], offset: 0 },
  { name: 'middle-half.mp4', args: ['-ss', '3', '-t', '6'], offset: 3 },
  { name: 'greyscale.mp4', args: ['-vf', 'hue=s=0'], offset: 0 },
  { name: 'letterboxed.mp4', args: ['-vf', 'pad=480:360:0:45:black'], offset: 0 },
  { name: 'logo.mp4', args: ['-vf', 'drawbox=x=400:y=12:w=64:h=28:color=white@0.6:t=fill'], offset: 0 },
]

/** Each variant of a still of the photograph: scaled, recompressed, slightly cropped (1% a side). */
export const IMAGE_VARIANTS = [
  { name: 'scaled.png', args: ['-vf', 'scale=240:136'] },
  { name: 'recompressed.jpg', args: ['-q:v', '20'] },
  { name: 'cropped.png', args: ['-vf', 'crop=iw*0.98:ih*0.98:iw*0.01:ih*0.01'] },
]

const ffmpegRun = (args: string[]) => runTool(ffmpeg, ['-v', 'error', '-y', ...args])

/**
 * Writes into `dir` the source clip (a 12 s pan over a photograph), `unrelated.mp4` (the same photograph upside
 * down, panned the other way: the same length and colours) and VIDEO_VARIANTS of the source (those `only` names).
 */
export async function writeVideoVariants(dir: string, only?: readonly string[]): Promise<void> {
  const still = ['-loop', '1', '-framerate', '25', '-t', String(SOURCE_SECONDS)]
  await ffmpegRun([...still, '-i', PHOTO, '-vf', PAN, ...ENCODE, path.join(dir, 'source.mp4')])
  const otherWay = `hflip,vflip,scale=1024:1024,crop=480:270:'544-t*40':'200+t*25'`
  await ffmpegRun([...still, '-i', PHOTO, '-vf', otherWay, ...ENCODE, path.join(dir, 'unrelated.mp4')])
  for (const { name, args } of VIDEO_VARIANTS.filter((variant) => !only || only.includes(variant.name))) {
    await ffmpegRun(['-i', path.join(dir, 'source.mp4'), ...args, ...ENCODE, path.join(dir, name)])
  }
}

/** Writes into `dir` a 480x270 still of `photo` (`still.png`), its IMAGE_VARIANTS, and `other.png` of `other`. */
export async function writeImageVariants(dir: string, photo = PHOTO, other = OTHER_PHOTO): Promise<void> {
  const still = (photo: string, name: string) =>
    ffmpegRun(['-i', photo, '-vf', 'scale=1024:1024,crop=480:270:240:150', path.join(dir, name)])
  await still(photo, 'still.png')
  await still(other, 'other.png')
  for (const { name, args } of IMAGE_VARIANTS) {
    await ffmpegRun(['-i', path.join(dir, 'still.png'), ...args, path.join(dir, name)])
  }
}
