import { BoxReader, knownChildren, required, single, unsure, type IsoBox } from './iso-boxes'
import type { FfprobeStream } from './media-metadata'
import { creationTime, languageOf, utf8 } from './mp4-tags'
import { readSampleEntry } from './mp4-sample-entry'
import { readSampleTables } from './mp4-sample-tables'

/** One track as ffprobe reports it, and its end in microseconds (the file's duration is the latest end). */
export type Mp4Track = { stream: FfprobeStream; endMicros: number }

/** What the movie header says that every track needs. */
export type MovieFacts = { timescale: number; isom: boolean }

const TRAK = new Set(['tkhd', 'edts', 'mdia'])
const MDIA = new Set(['mdhd', 'hdlr', 'minf'])
const MINF = new Set(['vmhd', 'smhd', 'dinf', 'hdlr', 'stbl'])
const ENABLED = 1
const UNITY = 0x10000

/** A `trak` as ffprobe's stream entry; unsure for anything but one H.264 picture or AAC-LC sound track, read plainly. */
export function readTrack(buf: Buffer, trak: IsoBox, index: number, movie: MovieFacts): Mp4Track {
  const parts = knownChildren(buf, trak, TRAK)
  const mdia = knownChildren(buf, required(parts, 'mdia'), MDIA)
  const minf = knownChildren(buf, required(mdia, 'minf'), MINF)
  const header = readTkhd(buf, required(parts, 'tkhd'))
  const media = readMdhd(buf, required(mdia, 'mdhd'))
  const handler = readHdlr(buf, required(mdia, 'hdlr'), movie.isom)
  if (handler.type !== 'vide' && handler.type !== 'soun') unsure(`a '${handler.type}' track`)
  const stbl = required(minf, 'stbl')
  const entry = readSampleEntry(buf, stbl, handler.type, movie.isom)
  const samples = readSampleTables(buf, stbl)
  if (samples.count === 0 || samples.ticks !== media.duration) unsure('the sample table and media header disagree')
  const edts = single(parts, 'edts')
  const ticks = edts ? editedTicks(buf, edts, samples, media.timescale, movie.timescale, handler.type) : samples.ticks
  const tags: Record<string, string> = {}
  if (media.created) tags.creation_time = media.created
  if (media.language) tags.language = media.language
  if (handler.name !== null) tags.handler_name = handler.name
  tags.vendor_id = entry.vendor
  if (entry.encoder) tags.encoder = entry.encoder
  const stream: FfprobeStream = {
    index,
    ...entry.stream,
    duration: seconds(ticks, media.timescale),
    // ffmpeg's mov demuxer: the sample bytes over the media header's length, in whole bits per second (truncated).
    bit_rate: String((BigInt(samples.bytes) * 8n * BigInt(media.timescale)) / BigInt(media.duration)),
    nb_frames: String(samples.count),
    disposition: { default: header.flags & ENABLED ? 1 : 0, attached_pic: 0 },
    tags,
  }
  if (handler.type === 'vide') {
    const rate = reduce(media.timescale * samples.count, samples.ticks)
    Object.assign(stream, { avg_frame_rate: rate, r_frame_rate: rate })
    if (header.rotation !== 0) stream.side_data_list = [{ side_data_type: 'Display Matrix', rotation: header.rotation }]
  }
  return { stream, endMicros: rescale(ticks, 1_000_000, media.timescale) }
}

/** The track header's enabled flag and rotation (ffmpeg's display-matrix angle); unsure for a matrix that is not a plain quarter turn. */
function readTkhd(buf: Buffer, box: IsoBox): { flags: number; rotation: number } {
  const reader = new BoxReader(buf, box.payload, box.end)
  const version = reader.u8()
  const flags = reader.u8() * 65536 + reader.u16()
  reader.advance(version === 1 ? 32 : 20)
  reader.advance(16)
  const m = Array.from({ length: 9 }, () => reader.i32())
  if (m[2] !== 0 || m[5] !== 0 || m[6] !== 0 || m[7] !== 0 || m[8] !== 0x40000000)
    unsure('a translated or projective matrix')
  const turns: Record<string, number> = {
    [`${UNITY},0,0,${UNITY}`]: 0,
    [`0,${UNITY},${-UNITY},0`]: -90,
    [`${-UNITY},0,0,${-UNITY}`]: 180,
    [`0,${-UNITY},${UNITY},0`]: 90,
  }
  const rotation = turns[[m[0], m[1], m[3], m[4]].join(',')]
  if (rotation === undefined) unsure('a scaled, mirrored or oblique display matrix')
  return { flags, rotation }
}

function readMdhd(
  buf: Buffer,
  box: IsoBox,
): { timescale: number; duration: number; language: string | null; created: string | null } {
  const reader = new BoxReader(buf, box.payload, box.end)
  const version = reader.u8()
  reader.advance(3)
  const created = version === 1 ? reader.u64() : reader.u32()
  if (version === 1) reader.u64()
  else reader.u32()
  const timescale = reader.u32()
  const duration = version === 1 ? reader.u64() : reader.u32()
  if (version > 1 || timescale === 0 || duration === 0) unsure('an unusual media header')
  return { timescale, duration, language: languageOf(reader.u16() & 0x7fff), created: creationTime(created) }
}

/** The handler type and name (ffmpeg: a Pascal string in QuickTime files when its length byte fits). */
function readHdlr(buf: Buffer, box: IsoBox, isom: boolean): { type: string; name: string | null } {
  const reader = new BoxReader(buf, box.payload, box.end)
  reader.advance(8)
  const type = reader.text(4)
  reader.advance(12)
  const raw = reader.bytes(reader.remaining)
  // ffmpeg keeps the name as a C string, and none at all when its first byte is zero.
  if (!raw.length || raw[0] === 0) return { type, name: null }
  const text = !isom && raw[0] === raw.length - 1 ? raw.subarray(1) : raw
  const zero = text.indexOf(0)
  const name = utf8(zero >= 0 ? text.subarray(0, zero) : text)
  return { type, name }
}

/**
 * A track's length after its edit list, in media ticks, as ffmpeg reports it: one edit at normal
 * speed, starting where the first sample is presented, cut to what the samples hold. Unsure on
 * anything else (empty edits, several edits, speed changes), whose timing ffprobe decides.
 */
function editedTicks(
  buf: Buffer,
  edts: IsoBox,
  samples: { ticks: number; firstOffset: number },
  timescale: number,
  movieTimescale: number,
  handler: string,
): number {
  const elst = required(knownChildren(buf, edts, new Set(['elst'])), 'elst')
  const reader = new BoxReader(buf, elst.payload, elst.end)
  const version = reader.u8()
  reader.advance(3)
  if (reader.u32() !== 1) unsure('an edit list of several edits')
  const segment = version === 1 ? reader.u64() : reader.u32()
  const mediaTime = version === 1 ? Number(reader.bytes(8).readBigInt64BE()) : reader.i32()
  if (reader.u32() !== UNITY || segment === 0 || mediaTime < 0) unsure('an empty, zero-length or re-timed edit')
  if (handler === 'vide' && mediaTime !== samples.firstOffset)
    unsure('an edit that does not start at the first picture')
  const available = samples.ticks + samples.firstOffset - mediaTime
  if (available <= 0) unsure('an edit past the media')
  return Math.min(rescale(segment, timescale, movieTimescale), available)
}

/** a·b/c rounded to nearest, halves away from zero (ffmpeg's av_rescale). */
function rescale(a: number, b: number, c: number): number {
  const product = BigInt(a) * BigInt(b)
  const cc = BigInt(c)
  return Number((product + cc / 2n) / cc)
}

function seconds(ticks: number, timescale: number): string {
  return (rescale(ticks, 1_000_000, timescale) / 1_000_000).toFixed(6)
}

function reduce(num: number, den: number): string {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a)
  const g = gcd(num, den)
  return `${num / g}/${den / g}`
}
