import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resolveMediaTools } from '../../main/media/media-tools'

/** A line shown on screen in a clip: its words and when (seconds, both ends shown). */
export interface ShownLine {
  text: string
  from: number
  to: number
}

/** A labelled clip of the screen-text set: one style, three lines shown one after another. */
export interface LabelledClip {
  style: string
  file: string
  lines: ShownLine[]
}

const FONTS = '/usr/share/fonts/truetype/liberation'
const SIZE = '1920x1080'
export const CLIP_SECONDS = 12
// The times lines show: a quarter second off the half seconds the 2 fps samples fall on, so no sample is at an edge.
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
type Footage = 'chair' | 'doorknob' | 'pattern' | 'chair19'
const FOOTAGE_OF: Record<Footage, string> = {
  chair: FOOTAGE_FILES[0]!,
  doorknob: FOOTAGE_FILES[1]!,
  pattern: FOOTAGE_FILES[2]!,
  chair19: FOOTAGE_FILES[3]!,
}

interface Style {
  name: string
  background: { color: string } | { footage: Footage }
  /** drawtext's options other than text, timing and font file. */
  draw: string
  font: string
  lines: [string, string, string]
}

// Ten styles as clips are made: title cards, outlined lower thirds and subtitles over footage, boxed and not,
// light on dark and dark on light, serif, italic and mono faces, small text, a busy background.
const STYLES: Style[] = [
  {
    name: 'title card',
    background: { color: 'white' },
    font: 'LiberationSans-Bold.ttf',
    draw: 'fontsize=96:fontcolor=black:x=(w-tw)/2:y=(h-th)/2',
    lines: ['ACME', 'Harvest Festival', 'Orbit Labs'],
  },
  {
    name: 'outlined lower third',
    background: { footage: 'doorknob' },
    font: 'LiberationSans-Bold.ttf',
    draw: 'fontsize=56:fontcolor=white:borderw=3:bordercolor=black:x=120:y=h-220',
    lines: ['Maria Delgado', 'Quarry Manager', 'Jonas Whitfield'],
  },
  {
    name: 'yellow boxed subtitle',
    background: { footage: 'chair' },
    font: 'LiberationSans-Regular.ttf',
    draw: 'fontsize=38:fontcolor=yellow:box=1:boxcolor=black@0.75:boxborderw=10:x=(w-tw)/2:y=h-140',
    lines: ['the lantern was lit', 'across green meadows', 'silver rivers'],
  },
  {
    name: 'unboxed subtitle',
    background: { footage: 'chair19' },
    font: 'LiberationSans-Regular.ttf',
    draw: 'fontsize=42:fontcolor=white:shadowx=2:shadowy=2:shadowcolor=black:x=(w-tw)/2:y=h-150',
    lines: ['thunder rolled in', 'cobalt skies', 'quiet whisper'],
  },
  {
    name: 'light on dark',
    background: { color: '0x1c1c2a' },
    font: 'LiberationSans-Regular.ttf',
    draw: 'fontsize=64:fontcolor=0xd8d8d8:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Meridian', 'Falcon Ridge', 'Glacier Bay'],
  },
  {
    name: 'dark on light serif',
    background: { color: '0xf1ead8' },
    font: 'LiberationSerif-Bold.ttf',
    draw: 'fontsize=64:fontcolor=0x1a2a4a:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Summit Report', 'Anchor', 'Velvet Season'],
  },
  {
    name: 'italic serif over footage',
    background: { footage: 'doorknob' },
    font: 'LiberationSerif-Italic.ttf',
    draw: 'fontsize=80:fontcolor=0x202020:x=(w-tw)/2:y=140',
    lines: ['Elegy', 'Borealis', 'Tapestry'],
  },
  {
    name: 'small text on busy footage',
    background: { footage: 'pattern' },
    font: 'LiberationSans-Regular.ttf',
    draw: 'fontsize=28:fontcolor=white:shadowx=2:shadowy=2:shadowcolor=black:x=80:y=80',
    lines: ['harbor lights', 'pebble beach', 'juniper lane'],
  },
  {
    name: 'bold title on busy footage',
    background: { footage: 'pattern' },
    font: 'LiberationSans-Bold.ttf',
    draw: 'fontsize=52:fontcolor=white:borderw=2:bordercolor=black:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Nebula', 'Crimson Tide', 'Voyage'],
  },
  {
    name: 'small mono on light',
    background: { color: '0xeeeeee' },
    font: 'LiberationMono-Regular.ttf',
    draw: 'fontsize=26:fontcolor=0x333333:x=60:y=h-80',
    lines: ['invoice 2049', 'kernel panic', 'station seven'],
  },
]

const CORPUS_VERSION = 1

/**
 * The labelled clips, made when missing (cached in the temp folder by corpus version): 1920×1080 H.264 at 25 fps,
 * CLIP_SECONDS long, each line drawn by ffmpeg's drawtext over a plain colour or ThreatExchange footage (scaled
 * and cropped to fill the frame, looped when short).
 */
export function labelledClips(): LabelledClip[] {
  const folder = path.join(os.tmpdir(), `framevault-bench-screen-text-${CORPUS_VERSION}`)
  mkdirSync(folder, { recursive: true })
  const footage = footageFolder(folder)
  return STYLES.map((style) => {
    const lines = style.lines.map((text, index) => ({ text, from: SLOTS[index]![0], to: SLOTS[index]![1] }))
    const file = path.join(folder, `${style.name.replaceAll(' ', '-')}.mp4`)
    if (!existsSync(file)) writeClip(style, lines, file, footage)
    return { style: style.name, file, lines }
  })
}

function writeClip(style: Style, lines: ShownLine[], file: string, footage: string): void {
  const input =
    'color' in style.background
      ? ['-f', 'lavfi', '-i', `color=c=${style.background.color}:s=${SIZE}:r=25:d=${CLIP_SECONDS}`]
      : ['-stream_loop', '-1', '-i', path.join(footage, FOOTAGE_OF[style.background.footage])]
  const fill = 'scale=1920:1080:force_original_aspect_ratio=increase,crop=1920:1080,fps=25,setsar=1'
  const texts = lines.map(
    (line) =>
      `drawtext=fontfile=${FONTS}/${style.font}:text='${line.text}':${style.draw}:enable='between(t,${line.from},${line.to})'`,
  )
  const filters = ['color' in style.background ? 'null' : fill, ...texts].join(',')
  const partial = `${file}.partial.mp4`
  execFileSync(resolveMediaTools().ffmpeg, [
    ...['-v', 'error', '-nostdin', '-y', ...input, '-t', String(CLIP_SECONDS), '-an', '-vf', filters],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', partial],
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
