import type { FileHandle } from 'node:fs/promises'
import { readAt, topLevelBoxes } from './container-boxes'
import { BoxReader, knownChildren, required, single, unsure } from './iso-boxes'
import type { FfprobeOutput } from './media-metadata'
import { creationTime, readUdtaTags } from './mp4-tags'
import { readTrack, type Mp4Track } from './mp4-track'

/** ffprobe's name for the demuxer of every ISO BMFF file. */
export const MOV_FORMAT = 'mov,mp4,m4a,3gp,3g2,mj2'
// A moov beyond this is not a plain short clip (ffprobe reads it fine; so does reading in process, but it is rare).
const MAX_MOOV = 16 * 1024 * 1024
const TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide'])
const MOOV = new Set(['mvhd', 'trak', 'udta', 'iods', 'free', 'skip'])

/**
 * ffprobe's description of a plain MP4/MOV/M4V file (ftyp, one moov, H.264 and AAC-LC tracks),
 * read from its box headers; throws Unsure (see iso-boxes.ts) for anything else.
 */
export async function readMp4(file: FileHandle, size: number): Promise<FfprobeOutput> {
  const boxes = await topLevelBoxes(file, size, 'iso')
  if (boxes[0]?.type !== 'ftyp') unsure('no ftyp first')
  const stranger = boxes.find((box) => !TOP_LEVEL.has(box.type))
  if (stranger) unsure(`top-level '${stranger.type}'`)
  if (boxes.some((box) => box.end > size)) unsure('a box runs past the end of the file')
  const moovBox = single(
    boxes.map(({ type, start, end, headerSize }) => ({ type, start, end, payload: start + headerSize })),
    'moov',
  )
  if (!moovBox || moovBox.end - moovBox.start > MAX_MOOV) unsure('no moov, or a very large one')
  if (boxes.filter((box) => box.type === 'mdat').length !== 1) unsure('not exactly one mdat')
  const ftypBox = boxes[0]
  const ftyp = await readAt(file, ftypBox.start, ftypBox.end - ftypBox.start)
  const moov = await readAt(file, moovBox.start, moovBox.end - moovBox.start)
  const tags = brandTags(ftyp, ftypBox.headerSize)
  const isom = tags.major_brand !== 'qt  '
  const root = { type: 'moov', start: 0, payload: moovBox.payload - moovBox.start, end: moov.length }
  const children = knownChildren(moov, root, MOOV)
  const movie = readMvhd(moov, required(children, 'mvhd'))
  if (movie.created) tags.creation_time = movie.created
  const udta = single(children, 'udta')
  if (udta) readUdtaTags(moov, udta, tags)
  const tracks: Mp4Track[] = children
    .filter((box) => box.type === 'trak')
    .map((trak, index) => readTrack(moov, trak, index, { timescale: movie.timescale, isom }))
  if (tracks.filter((track) => track.stream.codec_type === 'video').length !== 1) unsure('not exactly one video track')
  const micros = Math.max(...tracks.map((track) => track.endMicros))
  return {
    streams: tracks.map((track) => track.stream),
    format: {
      format_name: MOV_FORMAT,
      start_time: '0.000000',
      duration: (micros / 1_000_000).toFixed(6),
      // libavformat's estimate: the file's bits over its duration, truncated.
      bit_rate: String(Math.floor((size * 8 * 1_000_000) / micros)),
      tags,
    },
  }
}

/** ffmpeg's format tags from `ftyp`: major_brand, minor_version and the compatible brands run together. */
function brandTags(ftyp: Buffer, headerSize: number): Record<string, string> {
  const reader = new BoxReader(ftyp, headerSize, ftyp.length)
  const major = reader.text(4)
  const minor = reader.u32()
  if (reader.remaining % 4) unsure('a ragged brand list')
  const brands = reader.text(reader.remaining)
  if (!/^[\x20-\x7e]*$/.test(major + brands)) unsure('brands that are not printable')
  return { major_brand: major, minor_version: String(minor), compatible_brands: brands }
}

/** The movie timescale and creation time; unsure on a movie matrix other than identity (ffmpeg folds it into each track's). */
function readMvhd(moov: Buffer, box: { payload: number; end: number }): { timescale: number; created: string | null } {
  const reader = new BoxReader(moov, box.payload, box.end)
  const version = reader.u8()
  reader.advance(3)
  const created = version === 1 ? reader.u64() : reader.u32()
  reader.advance(version === 1 ? 8 : 4)
  const timescale = reader.u32()
  reader.advance(version === 1 ? 8 : 4)
  reader.advance(16)
  const matrix = Array.from({ length: 9 }, () => reader.i32()).join(',')
  if (version > 1 || timescale === 0) unsure('an unusual movie header')
  if (matrix !== '65536,0,0,0,65536,0,0,0,1073741824') unsure('a movie display matrix')
  return { timescale, created: creationTime(created) }
}
