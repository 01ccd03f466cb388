import { readAacConfig } from './aac-config'
import { EbmlValues, knownChildren } from './ebml'
import { BitReader, readAvcConfig } from './h264-config'
import { unsure } from './iso-boxes'
import type { FfprobeStream } from './media-metadata'

/** What ffprobe reports of a picture, as ffmpeg's decoder sets it from the codec's own header. */
type Picture = Pick<FfprobeStream, 'codec_name' | 'profile' | 'width' | 'height' | 'pix_fmt'> & Partial<FfprobeStream>

// ffmpeg's names for VP9's colour spaces (libavcodec/vp9.c's table); 6 (reserved) and 7 (RGB) are left to ffprobe.
const VP9_COLOUR_SPACES = [null, 'bt470bg', 'bt709', 'smpte170m', 'smpte240m', 'bt2020nc']
const VP9_SYNC = 0x498342
const VP8_START = 0x9d012a
const MONO_STEREO = ['', 'mono', 'stereo']
// Vorbis channel order (Opus mapping family 1): ffmpeg names six channels "5.1"; other counts are left to ffprobe.
const SURROUND = [...MONO_STEREO, '', '', '', '5.1']
// ffmpeg's names of the ISO/IEC 23091-2 code points a Matroska Colour element may give, for the common SDR ones
// (2 is "unspecified": ffprobe says nothing); other values, and HDR mastering data, are left to ffprobe.
const MATRICES = new Map([
  [1, 'bt709'],
  [2, null],
  [5, 'bt470bg'],
  [6, 'smpte170m'],
])
const PRIMARIES = new Map([
  [1, 'bt709'],
  [2, null],
  [5, 'bt470bg'],
  [6, 'smpte170m'],
])
const TRANSFERS = new Map([
  [1, 'bt709'],
  [2, null],
  [6, 'smpte170m'],
  [13, 'iec61966-2-1'],
])
const RANGES = [null, 'tv', 'pc']
const COLOUR = { MatrixCoefficients: 0x55b1, Range: 0x55b9, TransferCharacteristics: 0x55ba, Primaries: 0x55bb }
// Bits per channel and chroma subsampling and siting change nothing ffprobe reports of the stream.
const COLOUR_CHILDREN = new Set([...Object.values(COLOUR), 0x55b2, 0x55b3, 0x55b4, 0x55b5, 0x55b6, 0x55b7, 0x55b8])

/** The colour facts a track's Colour element gives, as ffmpeg's matroska demuxer passes them on; unsure beyond common SDR values. */
export function readColour(values: EbmlValues): ColourFacts {
  const pick = <T>(table: Map<number, T> | T[], id: number): T | null => {
    const code = values.uint(id, 2)
    const name = Array.isArray(table) ? table[code] : table.get(code)
    return name === undefined ? unsure(`colour code point ${code}`) : name
  }
  const facts: ColourFacts = {}
  const entries: Array<[keyof ColourFacts, string | null]> = [
    ['color_space', pick(MATRICES, COLOUR.MatrixCoefficients)],
    ['color_primaries', pick(PRIMARIES, COLOUR.Primaries)],
    ['color_transfer', pick(TRANSFERS, COLOUR.TransferCharacteristics)],
    ['color_range', values.uint(COLOUR.Range, 0) ? pick(RANGES, COLOUR.Range) : null],
  ]
  for (const [key, name] of entries) if (name) facts[key] = name
  return facts
}

/** A Colour element's children, refusing HDR metadata (light levels, mastering display). */
export function colourValues(buf: Buffer): EbmlValues {
  return new EbmlValues(buf, knownChildren(buf, { id: 0x55b0, start: 0, data: 0, end: buf.length }, COLOUR_CHILDREN))
}

/** Colour facts ffprobe reports. */
export type ColourFacts = Partial<
  Pick<FfprobeStream, 'color_space' | 'color_primaries' | 'color_transfer' | 'color_range'>
>

/**
 * The picture facts of a VP8, VP9 or H.264 track, from its CodecPrivate (H.264's avcC) or its first
 * frame (VP8 and VP9 keyframe headers), as ffmpeg's decoders report them; unsure for other codecs,
 * VP9 beyond profile 0, or a first frame that is not a plain keyframe (or whole NAL units).
 */
export function readPicture(codecId: string, codecPrivate: Buffer | undefined, firstFrame: Buffer): Picture {
  if (codecId === 'V_MPEG4/ISO/AVC') {
    const avcC = codecPrivate ?? unsure('H.264 without an avcC')
    requireNalUnits(avcC, firstFrame)
    const sps = readAvcConfig(avcC)
    const { profile, width, height, pixFmt } = sps
    return { codec_name: 'h264', profile, width, height, pix_fmt: pixFmt, bits_per_raw_sample: String(sps.bitDepth) }
  }
  if (codecPrivate?.length) unsure(`${codecId} with a CodecPrivate`)
  if (codecId === 'V_VP8') return readVp8(firstFrame)
  if (codecId === 'V_VP9') return readVp9(firstFrame)
  return unsure(`video codec ${codecId}`)
}

/** The first frame must be NAL units with 4-byte lengths (what the avcC says), tiling it exactly: else ffmpeg may decode nothing. */
function requireNalUnits(avcC: Buffer, frame: Buffer): void {
  if (avcC.length < 5 || (avcC[4]! & 3) !== 3) unsure('NAL unit lengths other than 4 bytes')
  let at = 0
  while (at + 4 <= frame.length) at += 4 + frame.readUInt32BE(at)
  if (at !== frame.length || frame.length === 0) unsure('a first frame that is not whole NAL units')
}

/** A VP8 keyframe's tag and start code (RFC 6386 9.1): profile ("version") and size; unsure on upscaling. */
function readVp8(frame: Buffer): Picture {
  if (frame.length < 10 || frame[0]! & 1 || frame.readUIntBE(3, 3) !== VP8_START) unsure('no VP8 keyframe first')
  const profile = (frame[0]! >> 1) & 7
  const width = frame.readUInt16LE(6)
  const height = frame.readUInt16LE(8)
  if (profile > 3 || width >> 14 || height >> 14) unsure('a VP8 profile or scaling ffmpeg warns about')
  return { codec_name: 'vp8', profile: String(profile), width, height, pix_fmt: 'yuv420p' }
}

/** A VP9 profile 0 keyframe's uncompressed header: colour space and range, frame size. */
function readVp9(frame: Buffer): Picture {
  const bits = new BitReader(frame)
  if (bits.u(2) !== 2) unsure('no VP9 frame marker')
  const profile = bits.u(1) | (bits.u(1) << 1)
  if (profile !== 0) unsure(`VP9 profile ${profile}`)
  if (bits.u(1) || bits.u(1)) unsure('a VP9 stream that does not start with a keyframe')
  bits.u(2) // show_frame, error_resilient_mode
  if (bits.u(24) !== VP9_SYNC) unsure('no VP9 sync code')
  const space = bits.u(3)
  const colourSpace = VP9_COLOUR_SPACES[space]
  if (colourSpace === undefined) unsure(`VP9 colour space ${space}`)
  const fullRange = bits.u(1)
  const width = bits.u(16) + 1
  const height = bits.u(16) + 1
  const picture: Picture = { codec_name: 'vp9', profile: 'Profile 0', width, height, pix_fmt: 'yuv420p' }
  // The decoder sets both from every keyframe, over what the container says ("unknown" included).
  picture.color_range = fullRange ? 'pc' : 'tv'
  picture.color_space = colourSpace ?? undefined
  return picture
}

/**
 * The sound facts of an Opus or AAC-LC track (mono, stereo or 5.1) from its CodecPrivate. Vorbis is
 * left to ffprobe: a setup header its decoder rejects fails the whole probe, and only a full parse
 * of the codebooks would tell.
 */
export function readSound(
  codecId: string,
  codecPrivate: Buffer | undefined,
  rate: number,
  channels: number,
): Partial<FfprobeStream> {
  const config = codecPrivate ?? unsure(`${codecId} without a CodecPrivate`)
  const facts = (codec: string, ownRate: number, own: number, layout: string | undefined) => {
    if (ownRate !== rate || own !== channels || !layout) unsure('the track and codec headers disagree')
    return { codec_name: codec, sample_rate: String(rate), channels, channel_layout: layout }
  }
  if (codecId === 'A_OPUS') {
    // OpusHead (RFC 7845 5.1): the decoder always runs at 48 kHz; mapping family 0 is mono or stereo, 1 Vorbis order.
    if (config.length < 19 || config.toString('latin1', 0, 8) !== 'OpusHead' || config[18]! > 1)
      unsure('an Opus header with an unusual channel mapping')
    const opus = facts('opus', rate, config[9]!, (config[18] ? SURROUND : MONO_STEREO)[config[9]!])
    return { ...opus, sample_rate: '48000' }
  }
  if (codecId === 'A_AAC') {
    const aac = readAacConfig(config)
    return { ...facts('aac', aac.rate, aac.channels, aac.layout), profile: 'LC' }
  }
  return unsure(`audio codec ${codecId}`)
}
