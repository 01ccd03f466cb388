import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { fillMp4Tags } from './mp4-tags'

/** Where the fake writes and with which ffmpeg. */
export type OutputPlace = {
  ffmpeg: string
  outputDir: string
  tempDir: string
  workDir: string
  signal: AbortSignal
  /** How videos carry the texts: VideoHelperSuite's mdta tags (since 2026) or its older single `comment` JSON. */
  videoTags: 'keys' | 'comment'
}

/** What a save node writes: its filename prefix, the texts it embeds (prompt, workflow…), and a look key. */
export type SaveRequest = {
  prefix: string
  /** [key, JSON text] embedded as PNG text chunks / video tags, in this order. */
  texts: [string, string][]
  /** Text the picture's colours are drawn from (the inputs upstream: seed, prompt…), so each run differs. */
  look: string
}

type FileRef = { filename: string; subfolder: string; type: string }

/** ComfyUI SaveImage / PreviewImage: a 64x64 PNG with `prompt` and `workflow` text chunks, as `{filename, subfolder, type}`. */
export async function saveImage(place: OutputPlace, request: SaveRequest, type: 'output' | 'temp'): Promise<FileRef> {
  const root = type === 'output' ? place.outputDir : place.tempDir
  const { dir, name, subfolder } = await saveFolder(root, request.prefix)
  const counter = await nextCounter(dir, new RegExp(`^${escapeRegExp(name)}_(\\d+)_\\.png$`))
  const filename = `${name}_${pad(counter)}_.png`
  await writePng(place, path.join(dir, filename), request)
  return { filename, subfolder, type }
}

/**
 * VideoHelperSuite's VHS_VideoCombine: a 1 s 64x64 clip (h264 mp4, or a GIF for image/gif) whose
 * container carries `prompt` and `workflow` tags as VHS writes them since 2026 (mdta tags,
 * `-movflags use_metadata_tags`; or, with `videoTags: 'comment'`, the one `comment` JSON object
 * VHS wrote before), and the first frame as a PNG with the same texts. Reported under `gifs` with
 * VHS's `format`, `frame_rate`, `workflow` (the PNG) and `fullpath`.
 */
export async function saveVideo(place: OutputPlace, request: SaveRequest, format: string, frameRate: number) {
  const extension = format === 'image/gif' ? 'gif' : /^video\/.*mp4$/.test(format) ? 'mp4' : null
  if (!extension) throw new Error(`The fake ComfyUI writes video/h264-mp4 and image/gif, not ${format}.`)
  const { dir, name, subfolder } = await saveFolder(place.outputDir, request.prefix)
  const counter = await nextCounter(dir, new RegExp(`^${escapeRegExp(name)}_(\\d+)\\D*\\..+$`))
  const base = `${name}_${pad(counter)}`
  await writePng(place, path.join(dir, `${base}.png`), request)
  const filename = `${base}.${extension}`
  const rate = Math.max(1, Math.min(60, Math.round(frameRate) || 8))
  const source = ['-f', 'lavfi', '-i', picture(request.look, rate)]
  await writeAtomically(path.join(dir, filename), async (temp) => {
    if (extension === 'gif') return ffmpeg(place, [...source, '-f', 'gif', temp])
    // Placeholders now, the texts after (mp4-tags.ts says why).
    const tagged: [string, string][] =
      place.videoTags === 'comment'
        ? [['comment', `{${request.texts.map(([key, text]) => `${JSON.stringify(key)}: ${text}`).join(', ')}}`]]
        : request.texts
    const placeholders = new Map(tagged.map(([, text], i) => [`@@fake-comfy-tag-${i}@@`, text]))
    const keys = [...placeholders.keys()]
    const tags = tagged.flatMap(([key], i) => ['-metadata', `${key}=${keys[i]}`])
    const movflags = place.videoTags === 'keys' ? ['-movflags', 'use_metadata_tags'] : []
    const codec = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '19', '-metadata', 'creation_time=now']
    await ffmpeg(place, [...source, ...codec, ...tags, ...movflags, '-f', 'mp4', temp])
    await writeFile(temp, fillMp4Tags(await readFile(temp), placeholders))
  })
  return {
    filename,
    subfolder,
    type: 'output',
    format,
    frame_rate: frameRate,
    workflow: `${base}.png`,
    fullpath: path.join(dir, filename),
  }
}

/** A 64x64 test pattern tinted by a hash of `look`: the same inputs draw the same picture, others another. */
function picture(look: string, rate: number): string {
  const hash = createHash('sha256').update(look).digest()
  const hue = Math.round((hash[0] / 256) * 360)
  const colour = hash.subarray(1, 4).toString('hex')
  return `testsrc=s=64x64:r=${rate}:d=1,hue=h=${hue},drawbox=x=0:y=0:w=64:h=16:color=0x${colour}@1:t=fill`
}

async function writePng(place: OutputPlace, file: string, request: SaveRequest): Promise<void> {
  const frame = path.join(place.workDir, `${randomBytes(6).toString('hex')}.png`)
  try {
    await ffmpeg(place, ['-f', 'lavfi', '-i', picture(request.look, 1), '-frames:v', '1', '-f', 'image2', frame])
    const png = withTextChunks(await readFile(frame), request.texts)
    await writeAtomically(file, (temp) => writeFile(temp, png))
  } finally {
    await rm(frame, { force: true })
  }
}

/**
 * The PNG with text chunks after IHDR, as Pillow's PngInfo.add_text writes them: tEXt when the
 * text is Latin-1, else iTXt (UTF-8). The texts go in as given, digit for digit.
 */
function withTextChunks(png: Buffer, texts: [string, string][]): Buffer {
  const headerEnd = 8 + 8 + png.readUInt32BE(8) + 4
  const chunks = texts.map(([key, text]) =>
    Buffer.from(text, 'latin1').toString('latin1') === text
      ? chunk('tEXt', Buffer.concat([Buffer.from(`${key}\0`, 'latin1'), Buffer.from(text, 'latin1')]))
      : chunk('iTXt', Buffer.concat([Buffer.from(`${key}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')])),
  )
  return Buffer.concat([png.subarray(0, headerEnd), ...chunks, png.subarray(headerEnd)])
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const pad = (counter: number) => String(counter).padStart(5, '0')

/** A prefix "videos/AnimateDiff" saves in the subfolder "videos"; one leading out of the folder is refused as ComfyUI does. */
async function saveFolder(root: string, prefix: string) {
  const dir = path.resolve(root, path.dirname(prefix))
  const inside = path.relative(root, dir)
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new Error('**** ERROR: Saving image outside the output folder is not allowed.')
  }
  await mkdir(dir, { recursive: true })
  return { dir, name: path.basename(prefix) || 'ComfyUI', subfolder: inside.split(path.sep).join('/') }
}

/** One past the highest counter of the files `pattern` matches (ComfyUI's and VHS's numbering). */
async function nextCounter(dir: string, pattern: RegExp): Promise<number> {
  let highest = 0
  for (const name of await readdir(dir)) highest = Math.max(highest, Number(pattern.exec(name)?.[1] ?? 0))
  return highest + 1
}

/** Writes through a temp name beside `file` and renames, so /view never serves half a file. */
async function writeAtomically(file: string, write: (temp: string) => Promise<unknown>): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await write(temp)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

function ffmpeg(place: OutputPlace, args: string[]): Promise<void> {
  const options = { signal: place.signal, timeout: 60_000, windowsHide: true, maxBuffer: 1024 * 1024 }
  return new Promise((resolve, reject) => {
    execFile(place.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], options, (error, _out, stderr) => {
      if (!error) return resolve()
      const tail = String(stderr).trim().split('\n').slice(-3).join(' | ')
      reject(new Error(`ffmpeg failed: ${tail || error.message}`))
    })
  })
}
