import path from 'node:path'
import type { FileHandle } from 'node:fs/promises'
import { readAt } from './container-boxes'
import { unsure } from './iso-boxes'
import type { FfprobeOutput } from './media-metadata'

// ffmpeg's mjpeg decoder's full-range formats by the luma sampling factors (chroma 1x1); others are unsure.
const PIXEL_FORMATS = new Map([
  [0x22, 'yuvj420p'],
  [0x21, 'yuvj422p'],
  [0x11, 'yuvj444p'],
])
const PROFILES = new Map([
  [0xc0, 'Baseline'],
  [0xc2, 'Progressive'],
])
// ffprobe's first look at a file is 2,048 bytes (libavformat's PROBE_BUF_MIN), zero-padded by 32.
const PROBE = { bytes: 2048, padding: 32 }
const MAX_SEGMENTS = 1000
// The markers jpeg_probe's walk follows: start and end of image, a frame, a scan.
const [SOI, EOI, SOF, SOS] = [0xd8, 0xd9, 0xc0, 0xda]
// The frame markers jpeg_probe knows (baseline, extended, progressive, lossless; Huffman only).
const PROBE_FRAMES = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7])

/**
 * ffprobe's description of a baseline or progressive 8-bit YCbCr JPEG named .jpg/.jpeg: size,
 * pixel format and profile from its frame header, and the demuxer ffprobe picks for it. Throws
 * Unsure for other names, grey, CMYK or RGB pictures, Adobe transforms and unusual markers.
 */
export async function readJpeg(file: FileHandle, size: number, filePath: string): Promise<FfprobeOutput> {
  const extension = path.extname(filePath).toLowerCase()
  // image2 claims the file by its extension, unless the name looks like a pattern ('%', '*', '?', '{').
  if ((extension !== '.jpg' && extension !== '.jpeg') || /[%*?{]/.test(path.basename(filePath))) {
    unsure('a JPEG whose name decides its demuxer otherwise')
  }
  const frame = await frameHeader(file, size)
  const head = await readAt(file, 0, Math.min(size, PROBE.bytes))
  const formatName = pipeProbeWins(Buffer.concat([head, Buffer.alloc(PROBE.padding)]), head.length)
    ? 'jpeg_pipe'
    : 'image2'
  return {
    streams: [
      {
        index: 0,
        codec_type: 'video',
        codec_name: 'mjpeg',
        profile: frame.profile,
        width: frame.width,
        height: frame.height,
        pix_fmt: frame.pixFmt,
        color_range: 'pc',
        color_space: 'bt470bg',
        bits_per_raw_sample: '8',
        avg_frame_rate: '0/0',
        r_frame_rate: '25/1',
        disposition: { default: 0, attached_pic: 0 },
      },
    ],
    format: { format_name: formatName },
  }
}

/** Walks the marker segments to the frame header (SOF); unsure on anything but plain YCbCr. */
async function frameHeader(file: FileHandle, size: number) {
  if (!(await readAt(file, 0, 2)).equals(Buffer.from([0xff, 0xd8]))) unsure('no SOI')
  let at = 2
  for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
    const header = await readAt(file, at, 4)
    if (header.length < 4 || header[0] !== 0xff) unsure('a marker out of place')
    const marker = header[1]!
    const length = header.readUInt16BE(2)
    if (length < 2 || at + 2 + length > size) unsure('a segment past the end of the file')
    const segment = await readAt(file, at + 4, length - 2)
    // Adobe's segment says whether three components are YCbCr (transform 1) or RGB, CMYK, YCCK.
    if (marker === 0xee && segment.toString('latin1', 0, 5) === 'Adobe' && segment[11] !== 1) {
      unsure('an Adobe colour transform other than YCbCr')
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return readSof(marker, segment)
    }
    const skippable = (marker >= 0xe0 && marker <= 0xef) || marker === 0xdb || marker === 0xc4 || marker === 0xfe
    if (!skippable) unsure(`marker ${marker.toString(16)} before the frame header`)
    at += 2 + length
  }
  return unsure('too many segments')
}

function readSof(marker: number, segment: Buffer): { profile: string; width: number; height: number; pixFmt: string } {
  const profile = PROFILES.get(marker) ?? unsure(`frame type ${marker.toString(16)}`)
  if (segment.length < 15 || segment[0] !== 8 || segment[5] !== 3) unsure('not 8-bit, three components')
  const height = segment.readUInt16BE(1)
  const width = segment.readUInt16BE(3)
  const ids = [segment[6], segment[9], segment[12]]
  // Components named R, G, B are an RGB picture to ffmpeg.
  if (ids.join() === '82,71,66' || width === 0 || height === 0) unsure('an RGB JPEG or no size')
  // ffmpeg halves the sampling factors when every component's are even (2x2 everywhere is 4:4:4).
  const factors = [segment[7]!, segment[10]!, segment[13]!]
  const h = factors.map((f) => f >> 4)
  const v = factors.map((f) => f & 15)
  const halve = (values: number[]) => (values.every((value) => value === 2) ? values.map(() => 1) : values)
  const [hh, vv] = [halve(h), halve(v)]
  if (hh[1] !== 1 || hh[2] !== 1 || vv[1] !== 1 || vv[2] !== 1) unsure('unusual chroma sampling')
  const pixFmt = PIXEL_FORMATS.get(hh[0]! * 16 + vv[0]!) ?? unsure('unusual luma sampling')
  return { profile, width, height, pixFmt }
}

/**
 * Whether ffmpeg's jpeg_pipe probe (libavformat/img2dec.c, jpeg_probe) outbids image2's 50 for the
 * extension: its marker walk over the first 2,048 bytes must reach EOI after a frame and scans.
 */
function pipeProbeWins(buf: Buffer, length: number): boolean {
  if (buf.readUInt16BE(0) !== 0xffd8 || buf.readUInt32BE(0) === 0xffd8fff7) return false
  let state = SOI
  const b = 2
  for (let i = 0; i < length - 3; i++) {
    if (buf[b + i] !== 0xff) continue
    const c = buf[b + i + 1]!
    const skip = () => (i += buf.readUInt16BE(b + i + 2) + 1)
    if (c === SOI) return false
    if (PROBE_FRAMES.has(c)) {
      skip()
      if (state !== SOI) return false
      state = SOF
    } else if (c === SOS) {
      skip()
      if (state !== SOF && state !== SOS) return false
      state = SOS
    } else if (c === EOI) {
      if (state !== SOS) return false
      state = EOI
    } else if ((c >= 0xe0 && c <= 0xef) || c === 0xdb || c === 0xfe) {
      skip()
    } else if ((c > 0x01 && c < 0xc0) || c === 0xc8) {
      return false
    }
  }
  return state === EOI
}
