import { createHash } from 'node:crypto'
import { existsSync, statfsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { resolveMediaTools } from '../../main/media/media-tools'
import { probeMedia } from '../../main/media/probe'
import { runTool } from '../../main/media/tool-io'
import { createLimiter } from '../../shared/limiter'

/** The benchmark media: 1,000 distinct short mp4 clips and three large mp4 files. */
export interface Corpus {
  dir: string
  clips: string[]
  large: string[]
  /** How long generating the corpus took, whenever that was. */
  generationSeconds: number
  /** Whether this call generated it (false: it came from the cache). */
  generatedNow: boolean
}

// Bump whenever a recipe below changes: a cached corpus with another version is thrown away and generated again.
const VERSION = 2
const STAMP_FILE = 'corpus.json'
const MiB = 1024 * 1024
const GiB = 1024 * MiB

const CLIP_COUNT = 1000
const BASE_CLIPS = 10
const LARGE_COUNT = 3
// Segment bytes per large file; the mp4 drops MPEG-TS's few percent of packet overhead.
const LARGE_SEGMENT_BYTES = 780 * MiB
const LARGE_MIN_TOTAL = 2 * GiB
const MAIN_SEGMENT_SECONDS = 6
// Room for the corpus plus one library's copy of it during the benchmark.
const SPACE_NEEDED = 5 * GiB

const ENCODE = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']

/** Runs ffmpeg quietly with `args`, within the generation's process limit. */
type Ffmpeg = (args: string[]) => Promise<unknown>

/** What corpus.json records about the cached corpus. */
type Stamp = { version: number; generationSeconds: number }

/** Where the corpus is cached: $FRAMEVAULT_BENCH_DIR, else framevault-bench in the OS temp folder. */
export function benchDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.FRAMEVAULT_BENCH_DIR || path.join(os.tmpdir(), 'framevault-bench'))
}

/** Throws a clear error when the file system holding `dir` has less than `bytes` free. */
export function requireFreeSpace(dir: string, bytes: number, purpose: string): void {
  const { bavail, bsize } = statfsSync(dir)
  const free = bavail * bsize
  if (free < bytes) {
    throw new Error(
      `Not enough free disk space in ${dir} for ${purpose}: ${gib(bytes)} GiB needed, ${gib(free)} GiB free. ` +
        'Free some space or point FRAMEVAULT_BENCH_DIR at a bigger disk.',
    )
  }
}

/** The cached corpus in `dir`, generated first when missing, incomplete or of another version. */
export async function ensureCorpus(dir: string = benchDir()): Promise<Corpus> {
  await mkdir(dir, { recursive: true })
  const clips = Array.from({ length: CLIP_COUNT }, (_, i) => path.join(dir, 'clips', `clip-${pad(i, 4)}.mp4`))
  const large = Array.from({ length: LARGE_COUNT }, (_, i) => path.join(dir, 'large', `large-${i + 1}.mp4`))
  const stamp = await readStamp(dir)
  if (stamp?.version === VERSION && [...clips, ...large].every((file) => existsSync(file))) {
    return { dir, clips, large, generationSeconds: stamp.generationSeconds, generatedNow: false }
  }
  requireFreeSpace(dir, SPACE_NEEDED, 'the benchmark corpus (2.2 GiB) and one library copy of it')
  console.log(`Generating the benchmark corpus in ${dir} (once; it is cached for later runs)…`)
  const started = performance.now()
  await rm(path.join(dir, STAMP_FILE), { force: true })
  for (const folder of ['clips', 'large', 'work']) await rm(path.join(dir, folder), { recursive: true, force: true })
  await generate(dir, clips, large)
  const generationSeconds = (performance.now() - started) / 1000
  // Written last, so an interrupted generation is redone from scratch.
  await writeFile(path.join(dir, STAMP_FILE), JSON.stringify({ version: VERSION, generationSeconds } satisfies Stamp))
  console.log(`Corpus generated in ${generationSeconds.toFixed(1)} s.`)
  return { dir, clips, large, generationSeconds, generatedNow: true }
}

async function generate(dir: string, clips: string[], large: string[]): Promise<void> {
  const tools = resolveMediaTools()
  const work = path.join(dir, 'work')
  await Promise.all(['clips', 'large', 'work'].map((folder) => mkdir(path.join(dir, folder), { recursive: true })))
  const limit = createLimiter(os.availableParallelism())
  const ffmpeg: Ffmpeg = (args) => limit(() => runTool(tools.ffmpeg, ['-v', 'error', '-nostdin', '-y', ...args]))
  const encode = (graph: string, extra: string[], format: string, dest: string) =>
    ffmpeg(['-f', 'lavfi', '-i', graph, ...ENCODE, ...extra, '-f', format, dest])

  const bases = Array.from({ length: BASE_CLIPS }, (_, i) => path.join(work, `base-${i}.mp4`))
  // Each base clip is testsrc2 turned to its own hue, so no two share a frame.
  const baseClips = bases.map((base, i) =>
    encode(
      `testsrc2=size=160x120:rate=25:duration=1,hue=h=${i * (360 / BASE_CLIPS)}`,
      ['-movflags', '+faststart'],
      'mp4',
      base,
    ),
  )
  // Light temporal noise keeps x264 from compressing the pattern away: the segment then has a realistic high bitrate.
  const segment = (seconds: number, hue: number, seed: number, dest: string) =>
    encode(
      `testsrc2=size=1280x720:rate=25:duration=${seconds},hue=h=${hue},noise=alls=3:allf=t:all_seed=${seed}`,
      ['-crf', '10'],
      'mpegts',
      dest,
    )
  const mainSegment = path.join(work, 'main.ts')
  const leads = large.map((_, i) => path.join(work, `lead-${i}.ts`))
  const segments = [
    segment(MAIN_SEGMENT_SECONDS, 0, 1, mainSegment),
    ...leads.map((lead, i) => segment(1, 90 * (i + 1), i + 2, lead)),
  ]

  await Promise.all(baseClips)
  await makeClips(await Promise.all(bases.map((base) => readFile(base))), clips)
  await Promise.all(segments)
  await makeLargeFiles(ffmpeg, work, mainSegment, leads, large)
  await rm(work, { recursive: true, force: true })

  // The clips rely on mp4 readers skipping what follows mdat; a sample of them and every large file must probe as video.
  await Promise.all([clips[0]!, clips[CLIP_COUNT - 1]!, ...large].map((file) => probeMedia(tools.ffprobe, file)))
}

/**
 * Writes the clips as copies of the base clips, each followed by its own `free` box. The base clips are faststart
 * (moov before mdat), so a box after mdat is skipped by every mp4 reader, and as a well-formed box it is not even
 * worth a warning; its payload makes each file's bytes, size and sampled id distinct.
 */
async function makeClips(bases: Buffer[], clips: string[]): Promise<void> {
  const limit = createLimiter(16)
  await Promise.all(
    clips.map((clip, i) =>
      limit(async () => {
        const payload = tailPayload(`clip ${i}`, 64 + ((i * 7919) % 4096))
        const header = Buffer.alloc(8)
        header.writeUInt32BE(header.length + payload.length, 0)
        header.write('free', 4, 'latin1')
        await writeFile(clip, Buffer.concat([bases[i % bases.length]!, header, payload]))
      }),
    ),
  )
}

/**
 * Writes each large file as its own 1 s lead segment followed by the shared main segment repeated, joined by ffmpeg's
 * concat demuxer into one mp4 with continuous timestamps; the leads make the files (and their sampled ids) differ.
 * The segments are not simply concatenated byte-wise as MPEG-TS: the bundled ffprobe (a johnvansickle static build)
 * crashes with SIGSEGV on every MPEG-TS input on some AMD EPYC machines, this one included.
 */
async function makeLargeFiles(ffmpeg: Ffmpeg, work: string, mainSegment: string, leads: string[], large: string[]) {
  const mainSize = (await stat(mainSegment)).size
  await Promise.all(
    large.map(async (dest, i) => {
      const lead = leads[i]!
      const repeats = Math.round((LARGE_SEGMENT_BYTES - (await stat(lead)).size) / mainSize)
      const list = path.join(work, `large-${i}.txt`)
      const entries = [lead, ...Array<string>(repeats).fill(mainSegment)]
      await writeFile(list, entries.map((file) => `file '${file.replaceAll("'", "'\\''")}'`).join('\n'))
      await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-f', 'mp4', dest])
    }),
  )
  const sizes = await Promise.all(large.map(async (file) => (await stat(file)).size))
  const total = sizes.reduce((sum, size) => sum + size, 0)
  if (total < LARGE_MIN_TOTAL) throw new Error(`The large files came out at ${gib(total)} GiB, less than 2 GiB`)
}

/** `length` deterministic bytes that differ for each `seed`. */
function tailPayload(seed: string, length: number): Buffer {
  const block = createHash('sha256').update(seed).digest()
  return Buffer.alloc(length, block)
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8')) as Stamp
  } catch {
    return undefined
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

function gib(bytes: number): string {
  return (bytes / GiB).toFixed(1)
}
