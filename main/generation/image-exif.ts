import type { FileHandle } from 'node:fs/promises'
import { readHeifItem, readHeifItems } from '../media/heif-items'
import { Unsure } from '../media/iso-boxes'
import { readExifText } from './exif-text'
import type { TextEntries } from './generation-facts'
import { MAX_TEXT_CHUNK, readAt } from './png-text'

/** A JPEG walk stops after this many segments before the image data. */
const MAX_SEGMENTS = 1000
const MAX_WEBP_CHUNKS = 100_000

/** The text in a JPEG's EXIF (APP1) segments, read segment header by segment header up to the image data. */
export async function readJpegExifText(file: FileHandle, size: number): Promise<TextEntries> {
  const result: TextEntries = { entries: [], problems: [] }
  const head = Buffer.alloc(4)
  if ((await readAt(file, head, 0)) < 2 || head[0] !== 0xff || head[1] !== 0xd8) {
    return { entries: [], problems: ['jpeg: not a JPEG (no start-of-image marker)'] }
  }
  let at = 2
  for (let count = 0; count < MAX_SEGMENTS && at + 4 <= size; count++) {
    if ((await readAt(file, head, at)) < 4 || head.readUInt8(0) !== 0xff) {
      result.problems.push(`jpeg: no segment marker at byte ${at}`)
      break
    }
    const marker = head.readUInt8(1)
    // Fill bytes, and the markers without a length.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    // Start of scan or end of image: metadata segments come before it.
    if (marker === 0xda || marker === 0xd9) break
    const length = head.readUInt16BE(2)
    if (length < 2 || at + 2 + length > size) {
      result.problems.push(`jpeg: segment 0x${marker.toString(16)} at byte ${at} runs past the end of the file`)
      break
    }
    if (marker === 0xe1) {
      const data = Buffer.alloc(length - 2)
      await readAt(file, data, at + 4)
      if (data.subarray(0, 6).toString('latin1') === 'Exif\0\0')
        merge(result, readExifText(data.subarray(6), 'jpeg:exif'))
    }
    at += 2 + length
  }
  return result
}

/** The text in a WebP's EXIF chunk, found by walking the RIFF chunk headers. */
export async function readWebpExifText(file: FileHandle, size: number): Promise<TextEntries> {
  const result: TextEntries = { entries: [], problems: [] }
  const head = Buffer.alloc(12)
  if (
    (await readAt(file, head, 0)) < 12 ||
    head.toString('latin1', 0, 4) !== 'RIFF' ||
    head.toString('latin1', 8, 12) !== 'WEBP'
  ) {
    return { entries: [], problems: ['webp: not a WebP (no RIFF WEBP header)'] }
  }
  const end = Math.min(size, 8 + head.readUInt32LE(4))
  let at = 12
  for (let count = 0; count < MAX_WEBP_CHUNKS && at + 8 <= end; count++) {
    await readAt(file, head, at)
    const type = head.toString('latin1', 0, 4)
    const length = head.readUInt32LE(4)
    if (at + 8 + length > end) {
      result.problems.push(`webp: chunk ${JSON.stringify(type)} at byte ${at} runs past the end of the file`)
      break
    }
    if (type === 'EXIF') {
      if (length > MAX_TEXT_CHUNK) result.problems.push(`webp: a ${length}-byte EXIF chunk was skipped (too large)`)
      else {
        const data = Buffer.alloc(length)
        await readAt(file, data, at + 8)
        merge(result, readExifText(data, 'webp:exif'))
      }
    }
    // Chunks are padded to an even length.
    at += 8 + length + (length & 1)
  }
  return result
}

/**
 * The text in a HEIF file's (AVIF, HEIC) `Exif` items: each item is a 4-byte offset to the TIFF
 * header, then the EXIF block (libavif, and so Pillow and ComfyUI, write it so).
 */
export async function readHeifExifText(file: FileHandle, size: number, prefix: string): Promise<TextEntries> {
  const result: TextEntries = { entries: [], problems: [] }
  try {
    const found = await readHeifItems(file, size)
    if (!found) return result
    for (const item of found.items.filter((candidate) => candidate.type === 'Exif')) {
      const data = await readHeifItem(file, size, item)
      const tiffAt = data.length >= 4 ? 4 + data.readUInt32BE(0) : Infinity
      if (tiffAt > data.length) result.problems.push(`${prefix}: Exif item ${item.id} points past its own end`)
      else merge(result, readExifText(data.subarray(tiffAt), `${prefix}:exif`))
    }
  } catch (error) {
    if (!(error instanceof Unsure)) throw error
    result.problems.push(`${prefix}: ${error.message}`)
  }
  return result
}

function merge(into: TextEntries, from: TextEntries): void {
  into.entries.push(...from.entries)
  into.problems.push(...from.problems)
}
