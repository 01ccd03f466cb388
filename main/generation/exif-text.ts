import type { TextEntries, TextEntry } from './generation-facts'

/** IFD0 text tags generators write into (ComfyUI's WebP uses Make/Model/ImageDescription, counting down from Make). */
const IFD0_TEXT: Record<number, string> = {
  0x010d: 'DocumentName',
  0x010e: 'ImageDescription',
  0x010f: 'Make',
  0x0110: 'Model',
  0x0131: 'Software',
  0x013b: 'Artist',
}
const EXIF_IFD_POINTER = 0x8769
const USER_COMMENT = 0x9286
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
}
const MAX_ENTRIES = 1000

type Ifd = { entries: Array<{ tag: number; type: number; value: Buffer }>; problem?: string }

/**
 * The text an EXIF block holds: IFD0's text tags and the UserComment (the Exif IFD's, or IFD0's), decoded.
 * A tag `key:value` (ComfyUI: `prompt:{…}`, `workflow:{…}`) becomes an entry under `key`; a UserComment
 * becomes one under `usercomment`; others under their tag name. Every offset is bounds-checked.
 */
export function readExifText(block: Buffer, prefix: string): TextEntries {
  const entries: TextEntry[] = []
  const problems: string[] = []
  // Some writers keep JPEG's "Exif\0\0" header in a WebP EXIF chunk too.
  const tiff = block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block
  const order = tiff.subarray(0, 2).toString('latin1')
  const little = order === 'II'
  if ((!little && order !== 'MM') || tiff.length < 8 || read16(tiff, 2, little) !== 42) {
    return { entries, problems: [`${prefix}: not a TIFF header`] }
  }
  const ifd0 = readIfd(tiff, read32(tiff, 4, little), little)
  if (ifd0.problem) problems.push(`${prefix}: IFD0 ${ifd0.problem}`)
  const userComment = (comment: { type: number; value: Buffer }) => {
    // An ASCII-typed UserComment has no character-code header: Pillow writes `exif[0x9286] = text` so, in
    // IFD0 (ComfyUI's save-image-extended node: `{"prompt": …, "workflow": …}` in AVIF, WebP and JPEG).
    const text = comment.type === 2 ? asciiText(comment.value) : decodeUserComment(comment.value, little)
    if (text !== null) entries.push({ key: 'usercomment', text, source: `${prefix}:UserComment` })
    else problems.push(`${prefix}: UserComment in an unknown character code`)
  }
  for (const { tag, type, value } of ifd0.entries) {
    const name = IFD0_TEXT[tag]
    if (name && type === 2) entries.push(prefixed(asciiText(value), `${prefix}:${name}`))
    if (tag === USER_COMMENT) userComment({ type, value })
    if (tag === EXIF_IFD_POINTER && value.length >= 4) {
      const exifIfd = readIfd(tiff, read32(value, 0, little), little)
      if (exifIfd.problem) problems.push(`${prefix}: Exif IFD ${exifIfd.problem}`)
      const comment = exifIfd.entries.find((entry) => entry.tag === USER_COMMENT)
      if (comment) userComment(comment)
    }
  }
  return { entries, problems }
}

/** An IFD's entries with their values sliced out; an entry whose value lies outside the block is left out. */
function readIfd(tiff: Buffer, offset: number, little: boolean): Ifd {
  if (offset < 8 || offset + 2 > tiff.length) return { entries: [], problem: `offset ${offset} is outside the block` }
  const count = read16(tiff, offset, little)
  if (count > MAX_ENTRIES) return { entries: [], problem: `declares ${count} entries` }
  const entries: Ifd['entries'] = []
  let problem: string | undefined
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12
    if (at + 12 > tiff.length) {
      problem = `is cut off after ${i} entries`
      break
    }
    const tag = read16(tiff, at, little)
    const type = read16(tiff, at + 2, little)
    const size = (TYPE_SIZES[type] ?? 0) * read32(tiff, at + 4, little)
    const start = size <= 4 ? at + 8 : read32(tiff, at + 8, little)
    if (size === 0 || start + size > tiff.length) {
      if (size !== 0) problem = `tag 0x${tag.toString(16)}'s value lies outside the block`
      continue
    }
    entries.push({ tag, type, value: tiff.subarray(start, start + size) })
  }
  return problem ? { entries, problem } : { entries }
}

/**
 * A UserComment's text: an 8-byte code then the text. UNICODE is UTF-16 whose byte order writers
 * disagree on (piexif, which A1111 and Forge use, writes big-endian whatever the TIFF order), so it
 * is told from the text: ASCII-range characters put their zero byte first in big-endian.
 */
export function decodeUserComment(value: Buffer, littleTiff: boolean): string | null {
  const code = value.subarray(0, 8).toString('latin1')
  const body = value.subarray(8)
  if (code === 'ASCII\0\0\0' || code === '\0\0\0\0\0\0\0\0') return trimNul(body.toString('utf8'))
  if (code !== 'UNICODE\0') return null
  let little = littleTiff
  if (body[0] === 0xfe && body[1] === 0xff) little = false
  else if (body[0] === 0xff && body[1] === 0xfe) little = true
  else {
    let evenZeros = 0
    let oddZeros = 0
    for (let i = 0; i + 1 < body.length && i < 4096; i += 2) {
      if (body[i] === 0) evenZeros++
      if (body[i + 1] === 0) oddZeros++
    }
    if (evenZeros !== oddZeros) little = oddZeros > evenZeros
  }
  const start = (body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe) ? 2 : 0
  const even = body.subarray(start, start + ((body.length - start) & ~1))
  const text = little ? even.toString('utf16le') : Buffer.from(even).swap16().toString('utf16le')
  return trimNul(text)
}

/** `key:value` text (ComfyUI's WebP tags) as an entry under `key`, other text under the tag's name. */
function prefixed(text: string, source: string): TextEntry {
  const match = /^([A-Za-z_][\w-]{0,39}):/.exec(text)
  if (match) return { key: match[1].toLowerCase(), text: text.slice(match[0].length), source: `${source}:${match[1]}` }
  return { key: source.slice(source.lastIndexOf(':') + 1).toLowerCase(), text, source }
}

function asciiText(value: Buffer): string {
  return trimNul(value.toString('utf8'))
}

function trimNul(text: string): string {
  return text.replace(/\0+$/, '')
}

function read16(buffer: Buffer, at: number, little: boolean): number {
  return little ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at)
}

function read32(buffer: Buffer, at: number, little: boolean): number {
  return little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at)
}
