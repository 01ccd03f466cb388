import { readAacConfig, type AacFacts } from './aac-config'
import { readAvcConfig } from './h264-config'
import { BoxReader, childBoxes, knownChildren, required, single, unsure, type IsoBox } from './iso-boxes'
import type { FfprobeStream } from './media-metadata'
import { fullBox } from './mp4-sample-tables'

/** A track's one sample description as ffprobe reports it, with the vendor and compressor names it tags the stream with. */
export type SampleEntry = { stream: Partial<FfprobeStream>; vendor: string; encoder: string | null }

const MPEG4_AUDIO = 0x40
// Core Audio's kAudioChannelLayoutTag_Mono and _Stereo.
const MONO = (100 << 16) | 1
const STEREO = (101 << 16) | 2

/** The `stsd` of a picture (H.264 `avc1`) or sound (AAC-LC `mp4a`) track; unsure for any other codec or several entries. */
export function readSampleEntry(buf: Buffer, stbl: IsoBox, handler: string, isom: boolean): SampleEntry {
  const stsd = required(childBoxes(buf, stbl.payload, stbl.end), 'stsd')
  if (fullBox(buf, stsd).u32() !== 1) unsure('several sample descriptions')
  const [entry] = childBoxes(buf, stsd.payload + 8, stsd.end)
  if (!entry) unsure('an empty sample description')
  const reader = new BoxReader(buf, entry.payload, entry.end)
  reader.advance(8)
  const version = reader.u16()
  // ffmpeg honours a sound description's version in QuickTime files only.
  if (isom && version !== 0) unsure(`a version ${version} sample description in an MP4`)
  reader.advance(2)
  const vendor = fourcc(reader.bytes(4))
  if (handler === 'vide' && entry.type === 'avc1') return { ...readAvc1(buf, entry, reader), vendor }
  if (handler === 'soun' && entry.type === 'mp4a')
    return { stream: readMp4a(buf, entry, reader, version), vendor, encoder: null }
  return unsure(`codec '${entry.type}' in a '${handler}' track`)
}

function readAvc1(buf: Buffer, entry: IsoBox, reader: BoxReader): Omit<SampleEntry, 'vendor'> {
  reader.advance(8)
  const width = reader.u16()
  const height = reader.u16()
  reader.advance(14)
  const name = reader.bytes(32)
  reader.advance(4)
  const children = knownChildren(buf, entry, new Set(['avcC', 'pasp', 'btrt']), 78)
  const avcC = required(children, 'avcC')
  const sps = readAvcConfig(buf.subarray(avcC.payload, avcC.end))
  if (sps.width !== width || sps.height !== height) unsure('the sample description and SPS sizes differ')
  const stream: Partial<FfprobeStream> = {
    codec_type: 'video',
    codec_name: 'h264',
    profile: sps.profile,
    width,
    height,
    pix_fmt: sps.pixFmt,
    bits_per_raw_sample: String(sps.bitDepth),
  }
  return { stream, encoder: compressorName(name) }
}

/** ffmpeg's stream "encoder" tag: the compressor name, a Pascal string of at most 31 bytes; unsure on Mac Roman text. */
function compressorName(field: Buffer): string | null {
  const length = Math.min(field[0]!, 31)
  const bytes = field.subarray(1, 1 + length)
  if (bytes.some((byte) => byte >= 0x80)) unsure('a Mac Roman compressor name')
  const zero = bytes.indexOf(0)
  const name = bytes.subarray(0, zero >= 0 ? zero : bytes.length).toString('latin1')
  return name || null
}

function readMp4a(buf: Buffer, entry: IsoBox, reader: BoxReader, version: number): Partial<FfprobeStream> {
  // The decoder's channel count is the AudioSpecificConfig's; ffmpeg's muxer writes 2 here even for mono.
  reader.advance(8)
  const rate = reader.u32() >>> 16
  // QuickTime sound descriptions grow by 16 bytes in version 1; MP4 (and version 2) is left to ffprobe.
  if (version > 1) unsure(`a version ${version} sound description`)
  const boxes = knownChildren(buf, entry, new Set(['esds', 'wave', 'btrt', 'chan']), 28 + version * 16)
  const wave = single(boxes, 'wave')
  const esdsBox = wave
    ? required(knownChildren(buf, wave, new Set(['frma', 'mp4a', 'esds', '\0\0\0\0'])), 'esds')
    : required(boxes, 'esds')
  const { channels, rate: configRate, layout } = readEsds(buf, esdsBox)
  if (configRate !== rate) unsure('the sample description and AAC config rates differ')
  const chan = single(boxes, 'chan')
  if (chan) requirePlainLayout(buf, chan, channels)
  return {
    codec_type: 'audio',
    codec_name: 'aac',
    profile: 'LC',
    sample_rate: String(rate),
    channels,
    channel_layout: layout,
  }
}

/** An `esds` holding a plain AAC-LC AudioSpecificConfig (see aac-config.ts). */
function readEsds(buf: Buffer, esds: IsoBox): AacFacts {
  const reader = fullBox(buf, esds)
  descriptor(reader, 3)
  reader.advance(2)
  const flags = reader.u8()
  if (flags & 0xe0) unsure('an ES descriptor with dependencies, URL or OCR')
  descriptor(reader, 4)
  if (reader.u8() !== MPEG4_AUDIO) unsure('not MPEG-4 audio')
  reader.advance(12)
  return readAacConfig(reader.bytes(descriptor(reader, 5)))
}

/** A QuickTime channel layout that only restates mono or stereo (ffmpeg would read any other from it). */
function requirePlainLayout(buf: Buffer, chan: IsoBox, channels: number): void {
  const reader = fullBox(buf, chan)
  const tag = reader.u32()
  reader.u32()
  if (tag !== (channels === 1 ? MONO : STEREO) || reader.u32() !== 0) unsure('a channel layout beyond mono or stereo')
}

/** Reads an MPEG-4 descriptor header of the expected tag; its length. */
function descriptor(reader: BoxReader, tag: number): number {
  if (reader.u8() !== tag) unsure(`no MPEG-4 descriptor ${tag}`)
  let length = 0
  for (let i = 0; i < 4; i++) {
    const byte = reader.u8()
    length = length * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return length
  }
  return length
}

/** ffmpeg's av_fourcc2str: letters, digits and ". -_" as they are, other bytes as "[n]". */
function fourcc(bytes: Buffer): string {
  return [...bytes]
    .map((c) => (/[0-9A-Za-z. \-_]/.test(String.fromCharCode(c)) && c ? String.fromCharCode(c) : `[${c}]`))
    .join('')
}
