import { MEDIA_STATUS } from '../../../../shared/contract'
import { formatBytes, formatDateTime, formatDuration } from '../../format'
import type { DetailAsset } from './use-asset'

/**
 * One labelled fact; `copy` offers a copy button for it (copying `copyText` when the value shown is cut);
 * `folded` shows it folded to its first line and length (a whole document in a tag).
 */
export interface Fact {
  label: string
  value: string
  copy?: boolean
  copyText?: string
  folded?: boolean
}

/** A titled group of facts, as the detail shows them. */
export interface FactGroup {
  title: string
  facts: Fact[]
}

type Meta = Record<string, unknown>

const STATUS_NAMES: Record<number, string> = {
  [MEDIA_STATUS.new]: 'New',
  [MEDIA_STATUS.processing]: 'Processing',
  [MEDIA_STATUS.processed]: 'Processed',
  [MEDIA_STATUS.error]: 'Error',
}

/**
 * Every stored fact about an asset, grouped and worded for people: general facts, the picture,
 * each audio track, tags and content ids. Facts the file does not have are left out.
 */
export function metadataGroups(asset: DetailAsset, sampledId: string | null): FactGroup[] {
  const meta: Meta = asset.metadata ?? {}
  const groups: FactGroup[] = [
    { title: 'File', facts: fileFacts(asset, meta) },
    // Sound alone has no picture: its codec and bitrate are the audio track's.
    ...(asset.mediaType === 'audio'
      ? []
      : [{ title: asset.mediaType === 'image' ? 'Picture' : 'Video', facts: pictureFacts(asset, meta) }]),
    ...audioGroups(meta),
    { title: 'Tags in the file', facts: fileTagFacts(meta) },
    { title: 'Status', facts: statusFacts(asset) },
    {
      title: 'Content ids',
      facts: compact([
        fact('Sampled id', sampledId, true),
        fact('SHA-256', asset.fileHash?.replace(/^sha256:/, '') ?? null, true),
      ]),
    },
  ]
  return groups.filter((group) => group.facts.length > 0)
}

/** The damage an import found in the file (media data shorter than its container says), if any. */
export function damageOf(asset: DetailAsset): string | null {
  const damaged = asset.metadata?.damaged
  if (!damaged || typeof damaged !== 'object' || !('reason' in damaged)) return null
  // Stored as a clause ("cut short: …"); shown as a sentence.
  const reason = String(damaged.reason).trim()
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${/[.!?]$/.test(reason) ? '' : '.'}`
}

const KINDS = { video: 'Video', audio: 'Audio' }

function fileFacts(asset: DetailAsset, meta: Meta): Fact[] {
  const animated = meta.animated === true
  return compact([
    fact('Kind', asset.mediaType === 'image' ? (animated ? 'Animated image' : 'Image') : KINDS[asset.mediaType]),
    // The display name only: ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2") lists a whole demuxer family.
    fact('Container', text(meta.containerName) ?? text(meta.container)),
    fact('Duration', asset.durationSeconds ? durationText(asset.durationSeconds) : null),
    fact('Frames', animated || asset.mediaType === 'video' ? numberText(meta.frameCount) : null),
    fact(
      'Size',
      asset.sizeBytes === null ? null : `${formatBytes(asset.sizeBytes)} (${grouped(asset.sizeBytes)} bytes)`,
    ),
    fact('Recorded', text(meta.creationTime) ? formatDateTime(String(meta.creationTime)) : null),
    fact('Title', text(meta.title)),
    longFact('Comment', text(meta.comment)),
  ])
}

function pictureFacts(asset: DetailAsset, meta: Meta): Fact[] {
  const rotation = Number(meta.rotation ?? 0)
  const aspect = text(meta.aspectRatio) ?? asset.aspectRatio
  const nearest = text(meta.aspectRatioNearest)
  const bitrate = Number(meta.bitrate)
  return compact([
    fact('Resolution', asset.resolution?.replace('x', ' × ') ?? null),
    fact('Display aspect', aspect && nearest && nearest !== aspect ? `${aspect} (≈ ${nearest})` : aspect),
    fact('Rotation', rotation ? `${rotation}° clockwise` : null),
    fact('Frame rate', asset.fps ? `${asset.fps} fps` : null),
    fact('Bitrate', bitrate > 0 ? bitrateText(bitrate) : null),
    fact('Codec', text(meta.videoCodecName) ?? asset.codec),
    fact('Profile', text(meta.videoProfile)),
    fact('Pixel format', pixelText(meta)),
    fact('Colour', colourText(meta)),
  ])
}

function audioGroups(meta: Meta): FactGroup[] {
  const tracks = Array.isArray(meta.audioTracks) ? (meta.audioTracks as Meta[]) : []
  return tracks.map((track, n) => ({
    title: tracks.length > 1 ? `Audio track ${n + 1} of ${tracks.length}` : 'Audio',
    facts: compact([
      fact('Codec', [text(track.codecName) ?? text(track.codec), text(track.profile)].filter(Boolean).join(' ')),
      fact('Channels', channelsText(track)),
      fact('Sample rate', Number(track.sampleRate) > 0 ? `${(Number(track.sampleRate) / 1000).toFixed(1)} kHz` : null),
      fact('Bitrate', Number(track.bitrate) > 0 ? bitrateText(Number(track.bitrate)) : null),
      fact('Language', languageText(text(track.language))),
      fact('Title', text(track.title)),
      fact('Default', track.default === true ? 'Yes' : null),
    ]),
  }))
}

function fileTagFacts(meta: Meta): Fact[] {
  const tags = (meta.tags as { format?: Record<string, string> } | undefined)?.format ?? {}
  // Title and comment are shown as facts of their own; the box brands mean nothing to people.
  const skip = new Set(['title', 'comment', 'major_brand', 'minor_version', 'compatible_brands'])
  return Object.entries(tags)
    .filter(([key]) => !skip.has(key.toLowerCase()))
    .map(([key, value]) => longFact(key, String(value))!)
}

// Generators write whole JSON documents into tags (ComfyUI's prompt and workflow run to many kilobytes):
// folded so the panel stays readable, copied whole; the Generation section shows what they mean.
const LONG_TAG_CHARS = 300

function longFact(label: string, value: string | null): Fact | null {
  if (value === null || (value.length <= LONG_TAG_CHARS && !isDocument(value))) return fact(label, value)
  return { label, value, copy: true, folded: true }
}

/** Whether a tag's value is a whole JSON object or array (a workflow, a prompt graph), however short. */
function isDocument(value: string): boolean {
  const trimmed = value.trim()
  if (!/^[[{]/.test(trimmed)) return false
  try {
    JSON.parse(trimmed)
    return true
  } catch {
    // ComfyUI writes bare NaN; a value that opens like a document and runs long is one all the same.
    return trimmed.length > 80
  }
}

/** A folded fact's summary: its first line (cut) and its length. */
export function foldedSummary(value: string): string {
  const line = value.trimStart().split('\n', 1)[0] ?? ''
  const first = line.length > 72 ? `${line.slice(0, 72)}…` : line
  return `${first} (${grouped(value.length)} characters)`
}

function statusFacts(asset: DetailAsset): Fact[] {
  return compact([
    fact('Status', STATUS_NAMES[asset.status] ?? `Code ${asset.status}`),
    fact('Error', asset.error),
    fact('Source', asset.sourceType),
  ])
}

function pixelText(meta: Meta): string | null {
  const format = text(meta.pixelFormat)
  if (!format) return null
  const parts = [
    Number(meta.bitDepth) > 0 ? `${Number(meta.bitDepth)}-bit` : null,
    text(meta.chromaSubsampling),
    text(meta.colorModel)?.toUpperCase(),
    meta.alpha === true ? 'with alpha' : null,
  ].filter(Boolean)
  return parts.length ? `${parts.join(' ')} (${format})` : format
}

// ffmpeg's names for the two ranges and for planar RGB, as people say them.
const RANGE_NAMES: Record<string, string> = { tv: 'limited range', pc: 'full range' }
const SPACE_NAMES: Record<string, string> = { gbr: 'RGB' }

function colourText(meta: Meta): string | null {
  const space = text(meta.colorSpace)
  const range = text(meta.colorRange)
  const parts = [
    space && (SPACE_NAMES[space] ?? space),
    text(meta.colorPrimaries),
    text(meta.colorTransfer),
    range && (RANGE_NAMES[range] ?? `${range} range`),
  ]
  return parts.filter(Boolean).join(', ') || null
}

function channelsText(track: Meta): string | null {
  const count = Number(track.channels)
  const layout = text(track.channelLayout)
  if (!(count > 0)) return layout
  const named = count === 1 ? 'mono' : count === 2 ? 'stereo' : null
  return layout && layout !== named ? `${count} (${layout})` : named ? `${count} (${named})` : String(count)
}

/** An ISO 639 code with its English name: "fra" → "French (fra)". */
export function languageText(code: string | null): string | null {
  if (!code) return null
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code)
    return name && name !== code ? `${name} (${code})` : code
  } catch {
    return code
  }
}

function durationText(seconds: number): string {
  return seconds < 60 ? `${formatDuration(seconds)} (${seconds.toFixed(2)} s)` : formatDuration(seconds)
}

function bitrateText(bitsPerSecond: number): string {
  return bitsPerSecond >= 1e6 ? `${(bitsPerSecond / 1e6).toFixed(1)} Mb/s` : `${Math.round(bitsPerSecond / 1000)} kb/s`
}

function grouped(n: number): string {
  return n.toLocaleString('en-US')
}

function numberText(value: unknown): string | null {
  const n = Number(value)
  return value !== null && value !== undefined && Number.isFinite(n) && n > 0 ? grouped(n) : null
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null
}

function fact(label: string, value: string | null | undefined, copy = false): Fact | null {
  return value ? { label, value, ...(copy ? { copy } : {}) } : null
}

function compact(facts: Array<Fact | null>): Fact[] {
  return facts.filter((f): f is Fact => f !== null)
}
