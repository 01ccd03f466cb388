import type { FileHandle } from 'node:fs/promises'
import { readAt } from './container-boxes'
import { unsure } from './iso-boxes'
import type { FfprobeOutput } from './media-metadata'

/** A PNG file's first eight bytes. */
export const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex')

// ffmpeg's png decoder's pixel format by colour type and bit depth (libavcodec/pngdec.c); other pairs are unsure.
const PIXEL_FORMATS = new Map([
  ['0/1', 'monob'],
  ['0/8', 'gray'],
  ['0/16', 'gray16be'],
  ['2/8', 'rgb24'],
  ['2/16', 'rgb48be'],
  ['3/8', 'pal8'],
  ['4/8', 'ya8'],
  ['4/16', 'ya16be'],
  ['6/8', 'rgba'],
  ['6/16', 'rgba64be'],
])
const PALETTE = 3
// Chunks before the image data that change what ffprobe reports: an animation (APNG), transparency that adds
// an alpha channel to a grey or RGB picture, and coding-independent code points (colour facts).
const TELLING = new Set(['acTL', 'tRNS', 'cICP'])
// Ancillary chunks (text, colour profiles) can be large; this many is more than any real file has before IDAT.
const MAX_CHUNKS = 1000

/**
 * ffprobe's description of a still PNG (its `png_pipe` demuxer): size and pixel format from IHDR,
 * read from the chunk headers up to the first image data. Throws Unsure for APNG, transparency
 * outside a palette, cICP, unusual bit depths, or chunks running past the end of the file.
 */
export async function readPng(file: FileHandle, size: number): Promise<FfprobeOutput> {
  const head = await readAt(file, 0, 33)
  if (head.length < 33 || !head.subarray(0, 8).equals(PNG_SIGNATURE)) unsure('not a PNG')
  if (head.readUInt32BE(8) !== 13 || head.toString('latin1', 12, 16) !== 'IHDR') unsure('no IHDR first')
  const width = head.readUInt32BE(16)
  const height = head.readUInt32BE(20)
  const depth = head[24]!
  const colourType = head[25]!
  const pixFmt = PIXEL_FORMATS.get(`${colourType}/${depth}`) ?? unsure(`colour type ${colourType} at ${depth} bits`)
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) unsure('an impossible size')
  await requireImageData(file, size, colourType)
  return {
    streams: [
      {
        index: 0,
        codec_type: 'video',
        codec_name: 'png',
        width,
        height,
        pix_fmt: pixFmt,
        color_range: 'pc',
        color_space: 'gbr',
        avg_frame_rate: '25/1',
        r_frame_rate: '25/1',
        disposition: { default: 0, attached_pic: 0 },
      },
    ],
    format: { format_name: 'png_pipe' },
  }
}

/** Walks the chunk headers after IHDR to the first IDAT, which must be whole; unsure on a telling chunk. */
async function requireImageData(file: FileHandle, size: number, colourType: number): Promise<void> {
  let at = 33
  for (let chunks = 0; chunks < MAX_CHUNKS; chunks++) {
    const header = await readAt(file, at, 8)
    if (header.length < 8) unsure('the file ends before the image data')
    const length = header.readUInt32BE(0)
    const type = header.toString('latin1', 4, 8)
    const end = at + 12 + length
    if (length > 0x7fffffff || end > size) unsure(`chunk '${type}' runs past the end of the file`)
    if (type === 'IDAT') return
    if (type === 'IEND') unsure('no image data')
    if (TELLING.has(type) && !(type === 'tRNS' && colourType === PALETTE)) unsure(`a '${type}' chunk`)
    at = end
  }
  unsure('too many chunks before the image data')
}
