import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resolveMediaTools } from '../../main/media/media-tools'
import { STYLES, type Footage, type FrameSize, type Style } from './screen-text-styles'

/**
 * A word (or line) shown on screen in a clip: its text and when it is whole on screen (seconds, both ends shown).
 * Within `loose` seconds beyond those ends it shows in part (fading, entering, leaving): a frame there neither
 * needs it nor is wrong to have it.
 */
export interface ShownLine {
  text: string
  from: number
  to: number
  loose: number
}

/** A labelled clip of the screen-text set: one style, its lines shown one after another or moving. */
export interface LabelledClip {
  style: string
  file: string
  size: FrameSize
  heldOut: boolean
  lines: ShownLine[]
}

const FONTS = '/usr/share/fonts/truetype/liberation'
export const CLIP_SECONDS = 12
// The times still lines show: a quarter second off the half seconds the 2 fps samples fall on, so no sample is at an edge.
const SLOTS: [number, number][] = [
  [1.25, 4.25],
  [5.25, 8.25],
  [9.25, 11.25],
]
// Footage nobody here wrote: Meta's ThreatExchange TMK sample videos (a chair, a door knob, a woven pattern).
const FOOTAGE_FILES = [
  'chair-orig-22-sd-bar.mp4',
  'doorknob-hd-no-bar.mp4',
  'pattern-hd-no-bar.mp4',
  'chair-19-sd-bar.mp4',
]
const FOOTAGE_OF: Record<Footage, string> = {
  chair: FOOTAGE_FILES[0]!,
  doorknob: FOOTAGE_FILES[1]!,
  pattern: FOOTAGE_FILES[2]!,
  chair19: FOOTAGE_FILES[3]!,
}
// Moving text: credits rise CREDITS_SPEED px a second, one line every CREDITS_EVERY seconds; a ticker's words move
// left TICKER_SPEED px a second, TICKER_GAP px apart. A glyph line is about 1.2 font sizes high, a bold word about
// 0.6 font sizes a character wide (the ticker's label is loose by what that estimate may miss).
const CREDITS_SPEED = 300
const CREDITS_EVERY = 3.5
const TICKER_SPEED = 300
const TICKER_GAP = 330
const LINE_HEIGHT_PER_SIZE = 1.2
const CHARACTER_WIDTH_PER_SIZE = 0.6
// A fading line takes this long to come in and to go: it is half opaque a quarter second off the samples.
const FADE_SECONDS = 1

const CORPUS_VERSION = 3

/**
 * The labelled clips, made when missing (cached in the temp folder by corpus version): H.264 at 25 fps,
 * CLIP_SECONDS long, at each style's size, each line drawn by ffmpeg's drawtext over a plain colour or
 * ThreatExchange footage (scaled and cropped to fill the frame, looped when short).
 */
export function labelledClips(): LabelledClip[] {
  const folder = path.join(os.tmpdir(), `framevault-bench-screen-text-${CORPUS_VERSION}`)
  mkdirSync(folder, { recursive: true })
  const footage = footageFolder(folder)
  return STYLES.map((style) => {
    const drawn = drawnLines(style)
    const file = path.join(folder, `${style.name.replaceAll(' ', '-')}.mp4`)
    if (!existsSync(file)) writeClip(style, drawn, file, footage)
    return {
      style: style.name,
      file,
      size: style.size,
      heldOut: style.heldOut === true,
      lines: drawn.map((line) => line.shown),
    }
  })
}

/** A drawtext of a clip and the label of what it shows. */
interface DrawnLine {
  drawtext: string
  shown: ShownLine
}

/** Each line (each word of a ticker) of a style: how it is drawn and when it is whole on screen. */
function drawnLines(style: Style): DrawnLine[] {
  const [width, height] = style.size.split('x').map(Number) as [number, number]
  const size = Number(/fontsize=(\d+)/.exec(style.draw)![1])
  const draw = (text: string, extra: string) =>
    `drawtext=fontfile=${FONTS}/${style.font}:text='${text.replaceAll(':', '\\:')}':${style.draw}:${extra}`
  const motion = style.motion ?? 'still'
  if (motion === 'ticker') {
    const words = style.lines.flatMap((line) => line.split(' '))
    return words.map((word, index) => {
      const wordWidth = [...word].length * size * CHARACTER_WIDTH_PER_SIZE
      const from = (index * TICKER_GAP + wordWidth) / TICKER_SPEED
      const to = Math.min(CLIP_SECONDS, (width + index * TICKER_GAP) / TICKER_SPEED)
      return {
        drawtext: draw(word, `x=w+${index * TICKER_GAP}-${TICKER_SPEED}*t`),
        shown: { text: word, from, to, loose: 0.35 },
      }
    })
  }
  if (motion === 'credits') {
    return style.lines.map((text, index) => {
      const start = 0.5 + index * CREDITS_EVERY
      return {
        drawtext: draw(text, `y=h-${CREDITS_SPEED}*(t-${start})`),
        shown: {
          text,
          from: start + (size * LINE_HEIGHT_PER_SIZE) / CREDITS_SPEED,
          to: Math.min(CLIP_SECONDS, start + height / CREDITS_SPEED),
          loose: 0.25,
        },
      }
    })
  }
  return style.lines.map((text, index) => {
    const [from, to] = SLOTS[index]!
    if (motion === 'fade') {
      const alpha = `if(lt(t,${from}),0,if(lt(t,${from + FADE_SECONDS}),(t-${from})/${FADE_SECONDS},if(lt(t,${to - FADE_SECONDS}),1,if(lt(t,${to}),(${to}-t)/${FADE_SECONDS},0))))`
      // Shown when at least half opaque; coming in and going out it shows in part.
      const half = FADE_SECONDS / 2
      return {
        drawtext: draw(text, `alpha='${alpha}'`),
        shown: { text, from: from + half, to: to - half, loose: half },
      }
    }
    return { drawtext: draw(text, `enable='between(t,${from},${to})'`), shown: { text, from, to, loose: 0 } }
  })
}

function writeClip(style: Style, lines: DrawnLine[], file: string, footage: string): void {
  const [width, height] = style.size.split('x').map(Number) as [number, number]
  const input =
    'color' in style.background
      ? ['-f', 'lavfi', '-i', `color=c=${style.background.color}:s=${style.size}:r=25:d=${CLIP_SECONDS}`]
      : ['-stream_loop', '-1', '-i', path.join(footage, FOOTAGE_OF[style.background.footage])]
  const fill =
    'color' in style.background
      ? 'null'
      : `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},fps=25,setsar=1`
  const texts = lines.map((line) => line.drawtext).join(',')
  // A turned style draws its text on a clear layer, turns it and lays it over the picture.
  const graph = style.degrees
    ? `[0:v]${fill}[picture];color=c=black@0:s=${style.size}:r=25:d=${CLIP_SECONDS},format=rgba,${texts},` +
      `rotate=${style.degrees}*PI/180:c=none[text];[picture][text]overlay=format=auto,format=yuv420p[out]`
    : `[0:v]${fill},${texts},format=yuv420p[out]`
  const partial = `${file}.partial.mp4`
  execFileSync(resolveMediaTools().ffmpeg, [
    ...['-v', 'error', '-nostdin', '-y', ...input, '-t', String(CLIP_SECONDS), '-an'],
    ...['-filter_complex', graph, '-map', '[out]'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(style.crf ?? 20), partial],
  ])
  renameSync(partial, file)
}

/**
 * A folder holding the footage: FRAMEVAULT_BENCH_FOOTAGE when set (the four files of ThreatExchange's
 * tmk/sample-videos), else the files taken out of a ThreatExchange git mirror beside the repository
 * (`../.mirror/facebook+ThreatExchange/repo`, as the fetch tool lays it out).
 */
function footageFolder(cache: string): string {
  const given = process.env.FRAMEVAULT_BENCH_FOOTAGE
  if (given) return given
  const folder = path.join(cache, 'footage')
  if (FOOTAGE_FILES.every((name) => existsSync(path.join(folder, name)))) return folder
  const mirror = path.resolve(import.meta.dirname, '../../../.mirror/facebook+ThreatExchange/repo')
  if (!existsSync(mirror)) {
    throw new Error(
      `No footage: set FRAMEVAULT_BENCH_FOOTAGE to a folder with ThreatExchange's tmk/sample-videos ` +
        `(${FOOTAGE_FILES.join(', ')}), or put a git mirror of facebook/ThreatExchange at ${mirror}.`,
    )
  }
  mkdirSync(folder, { recursive: true })
  for (const name of FOOTAGE_FILES) {
    const bytes = execFileSync('git', ['--git-dir', mirror, 'show', `HEAD:tmk/sample-videos/${name}`], {
      maxBuffer: 1e9,
    })
    writeFileSync(path.join(folder, name), bytes)
  }
  if (readdirSync(folder).length < FOOTAGE_FILES.length) throw new Error(`Footage missing in ${folder}`)
  return folder
}
