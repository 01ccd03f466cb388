import type { FileHandle } from 'node:fs/promises'
import { EbmlValues, knownChildren } from './ebml'
import { unsure } from './iso-boxes'
import { clusterBlocks, type ClusterBlock } from './matroska-blocks'
import { colourValues, readColour, readPicture, readSound } from './matroska-codecs'
import {
  headElement,
  MKV,
  readLayout,
  readTrackHeaders,
  type MatroskaLayout,
  type TrackHeader,
} from './matroska-layout'
import { FfDictionary, readTags } from './matroska-tags'
import type { FfprobeOutput, FfprobeStream } from './media-metadata'

/** ffprobe's name for the demuxer of every WebM and Matroska file. */
export const MATROSKA_FORMAT = 'matroska,webm'

const INFO = new Set([0x2ad7b1, 0x4489, 0x7ba9, 0x4d80, 0x5741, 0x4461, 0x73a4])
const ID = {
  Duration: 0x4489,
  Title: 0x7ba9,
  MuxingApp: 0x4d80,
  DateUTC: 0x4461,
  TrackUID: 0x73c5,
  FlagEnabled: 0xb9,
  FlagDefault: 0x88,
  TrackTimestampScale: 0x23314f,
  Name: 0x536e,
  Language: 0x22b59c,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  Video: 0xe0,
  Audio: 0xe1,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  FlagInterlaced: 0x9a,
  Colour: 0x55b0,
  SamplingFrequency: 0xb5,
  Channels: 0x9f,
}
// Track entry children that change nothing ffprobe reports here; any other (content encodings, BCP 47
// languages, accessibility flags, block additions) sends the file to ffprobe.
const TRACK_ENTRY = new Set([
  ...[MKV.TrackNumber, ID.TrackUID, MKV.TrackType, ID.FlagEnabled, ID.FlagDefault, 0x55aa, 0x9c, 0x6de7, 0x6df8],
  ...[MKV.DefaultDuration, ID.TrackTimestampScale, 0x55ee, ID.Name, ID.Language, ID.CodecID, ID.CodecPrivate],
  ...[0x258688, 0xaa, 0x56aa, 0x56bb, ID.Video, ID.Audio],
])
// Sizes, display sizes and units, interlacing flags; colour, stereo, alpha, projection and cropping are left to ffprobe.
const VIDEO = new Set([
  ID.PixelWidth,
  ID.PixelHeight,
  0x54b0,
  0x54ba,
  0x54b2,
  0x54b3,
  ID.FlagInterlaced,
  0x9d,
  ID.Colour,
])
const AUDIO = new Set([ID.SamplingFrequency, ID.Channels, 0x6264])
const VIDEO_TRACK = 1
const AUDIO_TRACK = 2
const PROGRESSIVE = 2
// Matroska dates count nanoseconds from 2001-01-01; ffmpeg turns them into microseconds since 1970.
const MILLENNIUM_MICROS = 978307200000000n
const FIRST_CLUSTER_BYTES = 256 * 1024
// A year: longer is a broken Duration, which ffmpeg's integer conversion would not survive either.
const MAX_MICROS = 365 * 24 * 3600 * 1e6

/**
 * ffprobe's description of a whole WebM/Matroska file with at most one VP8, VP9 or H.264 picture
 * track and Opus or AAC-LC sound tracks, read from its element headers, its Info, Tracks
 * and Tags, and the first video frame's header. Throws Unsure (see iso-boxes.ts) for anything else.
 */
export async function readMatroska(file: FileHandle, size: number): Promise<FfprobeOutput> {
  const layout = await readLayout(file, size)
  if (layout.elements.some((element) => element.id === MKV.Chapters || element.id === MKV.Attachments))
    unsure('chapters or attachments')
  const info = headElement(layout, MKV.Info) ?? unsure('no Info')
  const infoBuf = await layout.reader(info, 64 * 1024)
  const values = new EbmlValues(infoBuf, knownChildren(infoBuf, { ...info, data: 0, end: infoBuf.length }, INFO))
  const scale = values.uint(MKV.TimestampScale, 1_000_000)
  // ffmpeg: Duration (a float, in TimestampScale units) to microseconds, truncated.
  const micros = Math.trunc((values.float(ID.Duration, 0) * scale * 1000) / 1_000_000)
  if (!(micros > 0 && micros < MAX_MICROS)) unsure('no Duration (ffprobe would estimate one) or an absurd one')
  const format = new FfDictionary()
  const title = values.text(ID.Title)
  if (title !== undefined) format.set('title', title)
  const muxingApp = values.text(ID.MuxingApp)
  if (muxingApp !== undefined) format.set('encoder', muxingApp)
  const date = values.bytes(ID.DateUTC)
  if (date) format.set('creation_time', creationTime(date))
  const tracks = await readTrackHeaders(layout, TRACK_ENTRY)
  if (tracks.length === 0 || tracks.filter((track) => track.type === VIDEO_TRACK).length > 1)
    unsure('no tracks, or several video tracks')
  const firstFrames = await firstFramesOf(layout, tracks)
  const trackTags = tracks.map(() => new FfDictionary())
  const byUid = new Map<string, FfDictionary>()
  const streams: FfprobeStream[] = []
  for (const [index, track] of tracks.entries()) {
    const uid = track.values.uid(ID.TrackUID)
    if (byUid.has(uid)) unsure('two tracks of one UID')
    if (uid) byUid.set(uid, trackTags[index]!)
    streams.push(readStream(track, index, firstFrames.get(track.number)!, trackTags[index]!))
  }
  const tagsElement = headElement(layout, MKV.Tags)
  if (tagsElement) {
    const buf = await layout.reader(tagsElement, 4 * 1024 * 1024)
    readTags(buf, { ...tagsElement, data: 0, end: buf.length }, format, byUid)
  }
  streams.forEach((stream, i) => {
    if (trackTags[i]!.size) stream.tags = trackTags[i]!.toObject()
  })
  return {
    streams,
    format: {
      format_name: MATROSKA_FORMAT,
      duration: (micros / 1_000_000).toFixed(6),
      // libavformat's estimate: the file's bits over its duration, truncated.
      bit_rate: String(Math.trunc((size * 8 * 1_000_000) / micros)),
      ...(format.size ? { tags: format.toObject() } : {}),
    },
  }
}

/** One track as ffprobe's stream entry, with the title and language ffmpeg sets before the Tags are read. */
function readStream(track: TrackHeader, index: number, firstFrame: ClusterBlock, tags: FfDictionary): FfprobeStream {
  const { values } = track
  if (values.uint(ID.FlagEnabled, 1) !== 1 || values.float(ID.TrackTimestampScale, 1) !== 1)
    unsure('a disabled or re-timed track')
  const name = values.text(ID.Name)
  if (name !== undefined) tags.set('title', name)
  // The spec's default language is English; ffmpeg says nothing for "und".
  const language = values.text(ID.Language) ?? 'eng'
  if (language !== 'und') tags.set('language', language)
  const codecId = values.text(ID.CodecID) ?? unsure('a track without a codec')
  const codecPrivate = values.bytes(ID.CodecPrivate)
  const disposition = { default: values.uint(ID.FlagDefault, 1) ? 1 : 0, attached_pic: 0 }
  if (track.type === AUDIO_TRACK) {
    const audio = values.bytes(ID.Audio) ?? unsure('an audio track without Audio settings')
    const settings = new EbmlValues(
      audio,
      knownChildren(audio, { id: ID.Audio, start: 0, data: 0, end: audio.length }, AUDIO),
    )
    const rate = settings.float(ID.SamplingFrequency, 8000)
    if (!Number.isInteger(rate)) unsure('a fractional sampling frequency')
    const sound = readSound(codecId, codecPrivate, rate, settings.uint(ID.Channels, 1))
    return { index, codec_type: 'audio', ...sound, r_frame_rate: '0/0', avg_frame_rate: '0/0', disposition }
  }
  if (track.type !== VIDEO_TRACK) unsure(`track type ${track.type}`)
  const video = values.bytes(ID.Video) ?? unsure('a video track without Video settings')
  const settings = new EbmlValues(
    video,
    knownChildren(video, { id: ID.Video, start: 0, data: 0, end: video.length }, VIDEO),
  )
  if (settings.uint(ID.FlagInterlaced, 0) % PROGRESSIVE) unsure('interlaced video')
  if (firstFrame.laced || !firstFrame.whole) unsure('a laced or very large first video block')
  const picture = readPicture(codecId, codecPrivate, firstFrame.frame)
  if (picture.width !== settings.uint(ID.PixelWidth, 0) || picture.height !== settings.uint(ID.PixelHeight, 0))
    unsure('the track and the bitstream sizes differ')
  const rate = frameRate(track.defaultDuration)
  const colourBytes = settings.bytes(ID.Colour)
  // The container's colour facts, except what the decoder sets from the bitstream (VP9's range and matrix).
  const colour = colourBytes ? readColour(colourValues(colourBytes)) : {}
  const stream = { index, codec_type: 'video', ...colour, ...picture, r_frame_rate: rate, avg_frame_rate: rate }
  return { ...stream, disposition }
}

/**
 * A video track's rate as ffmpeg's matroska demuxer sets it from DefaultDuration (1e9 over the
 * nanoseconds, reduced to terms of at most 30000). Without one, or outside 5–1000 fps (where
 * ffmpeg leaves r_frame_rate to the packets), ffprobe decides.
 */
function frameRate(defaultDuration: number): string {
  if (defaultDuration === 0) unsure('no DefaultDuration')
  const [num, den] = reduce(1_000_000_000, defaultDuration, 30000)
  if (!(num > den * 5 && num < den * 1000)) unsure('a frame rate ffmpeg takes from the packets')
  return `${num}/${den}`
}

/** ffmpeg's av_reduce: the closest fraction to num/den with both terms at most `max` (continued fractions). */
export function reduce(num: number, den: number, max: number): [number, number] {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a)
  const g = gcd(num, den)
  num /= g
  den /= g
  if (num <= max && den <= max) return [num, den]
  let [a0n, a0d, a1n, a1d] = [0, 1, 1, 0]
  while (den) {
    const x = Math.floor(num / den)
    const next = num - den * x
    const [a2n, a2d] = [x * a1n + a0n, x * a1d + a0d]
    if (a2n > max || a2d > max) {
      let y = x
      if (a1n) y = Math.floor((max - a0n) / a1n)
      if (a1d) y = Math.min(y, Math.floor((max - a0d) / a1d))
      if (den * (2 * y * a1d + a0d) > num * a1d) [a1n, a1d] = [y * a1n + a0n, y * a1d + a0d]
      break
    }
    ;[a0n, a0d, a1n, a1d] = [a1n, a1d, a2n, a2d]
    ;[num, den] = [den, next]
  }
  return [a1n, a1d]
}

/**
 * Each track's first block, from the first Cluster's first bytes. ffprobe learns a stream's
 * profile and pixel format from its first packets: a track without one there, or a block of a
 * track that is not declared, is left to ffprobe.
 */
async function firstFramesOf(layout: MatroskaLayout, tracks: TrackHeader[]): Promise<Map<number, ClusterBlock>> {
  const cluster = layout.elements.find((element) => element.id === MKV.Cluster) ?? unsure('no Cluster')
  const length = Math.min(cluster.end - cluster.data, FIRST_CLUSTER_BYTES)
  const buf = await layout.reader({ ...cluster, end: cluster.data + length }, length)
  const numbers = new Set(tracks.map((track) => track.number))
  const first = new Map<number, ClusterBlock>()
  for (const item of clusterBlocks(buf)) {
    if (!('track' in item)) continue
    if (!numbers.has(item.track)) unsure(`a block of undeclared track ${item.track}`)
    if (!first.has(item.track)) first.set(item.track, item)
    if (first.size === numbers.size) return first
  }
  return unsure('a track without a block near the start of the first Cluster')
}

/** DateUTC as ffmpeg's creation_time: "2024-05-01T12:00:00.000000Z". */
function creationTime(date: Buffer): string {
  if (date.length !== 8) unsure('a DateUTC that is not 8 bytes')
  const micros = date.readBigInt64BE() / 1000n + MILLENNIUM_MICROS
  if (micros < 0n || micros > 253402300799999999n) unsure('a date out of range')
  const iso = new Date(Number(micros / 1000n)).toISOString()
  return `${iso.slice(0, 19)}.${String(micros % 1_000_000n).padStart(6, '0')}Z`
}
