// Synthetic `videos` rows for the browse benchmark: deterministic, spread like a working library.

/** The columns of one synthetic asset, named as the insert statement binds them. */
export interface SyntheticRow {
  id: string
  name: string
  filePath: string
  fileHash: string
  sizeBytes: number
  durationSeconds: number | null
  resolution: string
  codec: string
  fps: number | null
  sourceType: string
  createdAt: string
  metadata: string
  mediaType: 'video' | 'image'
  status: number
  error: string | null
  originalPath: string
  importedAt: string
  storage: 'copy' | 'link'
  rating: number
  notes: string | null
}

/** Weighted choices: [value, weight] pairs. */
type Weighted<T> = ReadonlyArray<readonly [T, number]>

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2'
const MKV = 'matroska,webm'
// Codec, its name as people say it, and the containers it comes in.
const VIDEO_CODECS: Weighted<readonly [string, string, readonly string[]]> = [
  [['h264', 'H.264', [MP4, MP4, MP4, MKV]], 45],
  [['hevc', 'HEVC', [MP4, MP4, MKV]], 25],
  [['prores', 'ProRes 422', [MP4]], 10],
  [['vp9', 'VP9', [MKV]], 10],
  [['av1', 'AV1', [MP4, MKV]], 5],
  [['mpeg4', 'MPEG-4 Part 2', ['avi']], 5],
]
const IMAGE_CODECS: Weighted<readonly [string, string, string]> = [
  [['mjpeg', 'JPEG', 'image2'], 55],
  [['png', 'PNG', 'png_pipe'], 35],
  [['webp', 'WebP', 'webp_pipe'], 7],
  [['gif', 'GIF', 'gif'], 3],
]
// Landscape, portrait and square, with the sizes phones, cameras and generators write.
const VIDEO_SIZES: Weighted<readonly [number, number]> = [
  [[1920, 1080], 35],
  [[3840, 2160], 15],
  [[1280, 720], 15],
  [[1080, 1920], 15],
  [[1080, 1080], 5],
  [[2560, 1440], 5],
  [[720, 1280], 5],
  [[640, 480], 5],
]
const IMAGE_SIZES: Weighted<readonly [number, number]> = [
  [[4032, 3024], 30],
  [[3024, 4032], 20],
  [[6000, 4000], 10],
  [[1024, 1024], 15],
  [[512, 512], 5],
  [[1920, 1080], 20],
]
const SOURCES: Weighted<string> = [
  ['uploaded', 60],
  ['generated', 25],
  ['processed', 15],
]
const RATINGS: Weighted<number> = [
  [0, 60],
  [1, 4],
  [2, 6],
  [3, 12],
  [4, 12],
  [5, 6],
]
const FPS = [23.976, 24, 25, 29.97, 30, 50, 60] as const
// Words of names and folders; some with diacritics, so folded search has work to do.
// prettier-ignore
const WORDS = [
  'Café', 'Zürich', 'São Paulo', 'Ölberg', 'naïve', 'Málaga', 'Kraków', 'Ærø', 'beach', 'sunset', 'interview',
  'drone', 'city', 'forest', 'night', 'timelapse', 'studio', 'wedding', 'product', 'b-roll', 'take', 'concert',
  'market', 'harbor', 'mountain', 'rain', 'snow', 'crowd', 'street', 'kitchen', 'garden', 'river', 'bridge',
  'station', 'festival', 'rehearsal', 'portrait', 'skyline', 'desert', 'glacier',
]
/** The tag names the bench spreads over about a fifth of the assets, the first ones most used. */
// prettier-ignore
export const TAG_NAMES = [
  'client-acme', 'b-roll', 'selects', 'interview', 'drone', 'archive', 'social', 'review', 'final', 'draft',
  'color-graded', 'raw', 'hdr', 'slow-motion', 'timelapse', 'night', 'outdoor', 'indoor', 'people', 'product',
  'logo', 'music-video', 'wedding', 'event', 'travel', 'nature', 'city', 'food', 'sports', 'vfx',
]

const DAY_MS = 86_400_000
// Imports span about two years before this instant.
const LAST_IMPORT = Date.UTC(2026, 10, 1)
const IMPORT_SPAN_MS = 730 * DAY_MS
// How many places an import time may move back from its row's place in the insert order.
const IMPORT_JITTER_PLACES = 3
const KB = 1000
const MIN_BYTES = 100 * KB
const MAX_BYTES = 4_000_000_000

/** The seed of every synthetic build: a library and a hub built from it hold the same assets. */
const SEED = 8

/** One synthetic asset and the names of its tags. */
export interface SyntheticAsset {
  row: SyntheticRow
  tags: string[]
}

/**
 * The `count` synthetic assets in insert order, each with its tags. One sequence draws both, row then tags, so every
 * builder that takes them from here (the SQLite library, the PostgreSQL hub) holds the same ids, rows and tags.
 */
export function* syntheticAssets(count: number): Generator<SyntheticAsset> {
  const random = randomSequence(SEED)
  for (let index = 0; index < count; index++) {
    yield { row: syntheticRow(index, count, random), tags: syntheticTags(random) }
  }
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), so every build makes the same rows. */
export function randomSequence(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The asset of index `index` of `count`; `random` decides the spread. Import times follow the index, as
 * an import inserts each asset when it finishes it, with a jitter of a few places (imports side by side):
 * rowids, FTS rowids and import order then agree the way they do in a real library.
 */
export function syntheticRow(index: number, count: number, random: () => number): SyntheticRow {
  const video = random() < 0.7
  // Multiplying by an odd constant is a bijection on 32 bits: ids stay unique yet look like sampled ids.
  const id = hex8(Math.imul(index, 0x9e3779b1)) + hex8(Math.floor(random() * 2 ** 32))
  const [width, height] = pick(video ? VIDEO_SIZES : IMAGE_SIZES, random)
  // Log-uniform: most clips are short, a few run for hours.
  const durationSeconds = video ? Math.round(Math.exp(random() * Math.log(7200)) * 1000) / 1000 : null
  const step = IMPORT_SPAN_MS / count
  const importedAt = new Date(
    LAST_IMPORT - Math.floor((count - 1 - index) * step + random() * IMPORT_JITTER_PLACES * step),
  ).toISOString()
  const words = [pick1(WORDS, random), pick1(WORDS, random), ...(random() < 0.4 ? [pick1(WORDS, random)] : [])]
  const status = random() < 0.01 ? 6 : random() < 0.5 ? 3 : 1
  const storage = random() < 0.8 ? 'copy' : 'link'
  const fps = video ? pick1(FPS, random) : null
  let codec: string, codecName: string, container: string, ext: string, sizeBytes: number
  let audio = false
  if (video) {
    const [name, label, containers] = pick(VIDEO_CODECS, random)
    ;[codec, codecName, container] = [name, label, pick1(containers, random)]
    ext = container === MKV ? (name === 'vp9' ? 'webm' : 'mkv') : container === 'avi' ? 'avi' : 'mp4'
    // About 4 bits per 1,000 pixels per second, ProRes ten times that; what the range allows.
    const bitsPerSecond = width * height * (codec === 'prores' ? 40 : 4) * (0.5 + random())
    sizeBytes = clamp(Math.round((bitsPerSecond / 8) * durationSeconds!), MIN_BYTES, MAX_BYTES)
    audio = random() < 0.75
  } else {
    ;[codec, codecName, container] = pick(IMAGE_CODECS, random)
    ext = { mjpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' }[codec]!
    sizeBytes = Math.round(Math.exp(Math.log(MIN_BYTES) + random() * Math.log(200)))
  }
  // A thousand files per card, numbered: original paths are unique, as linked files' paths must be.
  const name = `${words.join(' ')} ${(index % 1000) + 1}.${ext}`
  const originalPath = `/Volumes/Footage/${pick1(WORDS, random)} shoot/card ${Math.floor(index / 1000)}/${name}`
  return {
    id,
    name,
    filePath: storage === 'link' ? originalPath : `media/${video ? 'videos' : 'images'}/${id.slice(0, 2)}/${id}.${ext}`,
    fileHash: `sha256:${id.repeat(4)}`,
    sizeBytes,
    durationSeconds,
    resolution: `${width}x${height}`,
    codec,
    fps,
    sourceType: pick(SOURCES, random),
    createdAt: importedAt,
    metadata: JSON.stringify({
      durationSeconds,
      width,
      height,
      rotation: 0,
      resolution: `${width}x${height}`,
      videoCodec: codec,
      videoCodecName: codecName,
      pixelFormat: video ? 'yuv420p' : 'yuvj444p',
      bitDepth: 8,
      chromaSubsampling: video ? '4:2:0' : '4:4:4',
      fps,
      bitrate: video ? Math.round((sizeBytes * 8) / durationSeconds!) : null,
      container,
      audioCodec: audio ? 'aac' : null,
      audioChannels: audio ? 2 : null,
      audioSampleRate: audio ? 48000 : null,
      audioTracks: audio
        ? [
            {
              index: 1,
              codec: 'aac',
              codecName: 'AAC',
              channels: 2,
              sampleRate: 48000,
              language: 'und',
              title: null,
              default: true,
            },
          ]
        : [],
      animated: false,
      title: null,
      comment: null,
      creationTime: importedAt,
    }),
    mediaType: video ? 'video' : 'image',
    status,
    error: status === 6 ? 'ffmpeg found no frame to make a poster of' : null,
    originalPath,
    importedAt,
    storage,
    rating: pick(RATINGS, random),
    notes: random() < 0.02 ? `Notes on ${words.join(' ')}: check the ${pick1(WORDS, random)} take.` : null,
  }
}

/** Tags of one asset: none for about 80%, else one to three, the first tag names most often. */
export function syntheticTags(random: () => number): string[] {
  if (random() >= 0.2) return []
  const count = 1 + Math.floor(random() * random() * 3)
  // Squaring skews the choice to the front of the list, as real tag use is skewed.
  const tags = Array.from({ length: count }, () => TAG_NAMES[Math.floor(random() * random() * TAG_NAMES.length)]!)
  return [...new Set(tags)]
}

function pick<T>(choices: Weighted<T>, random: () => number): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = random() * total
  for (const [value, weight] of choices) {
    roll -= weight
    if (roll < 0) return value
  }
  return choices[choices.length - 1]![0]
}

function pick1<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() * values.length)]!
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0')
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
