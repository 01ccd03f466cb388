import { BoxReader, childBoxes, knownChildren, required, single, unsure, type IsoBox } from './iso-boxes'
import { SPECIAL_ITEMS, TEXT_ITEMS } from './mp4-tag-names'

// iTunes data types ffmpeg reads as UTF-8 text: implicit (ASCII here), UTF-8 and UTF-8 sort.
const TEXT_TYPES = new Set([0, 1, 4])
const ARTWORK = 'com.apple.quicktime.artwork'
// Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01.
const MAC_EPOCH = 2082844800

/**
 * Adds the tags of a `moov/udta` box to `tags` as ffmpeg does: QuickTime-style text items in it,
 * and its `meta` box's `ilst` items, named by ffmpeg's table or by the `keys` box (`mdta`, as
 * phones and ffmpeg's use_metadata_tags write). Items ffmpeg skips are skipped; unsure on items
 * it reads in a way of its own (numbers, pictures, places), on named handlers and unknown boxes.
 */
export function readUdtaTags(buf: Buffer, udta: IsoBox, tags: Record<string, string>): void {
  const children = childBoxes(buf, udta.payload, udta.end)
  const stranger = children.find((box) => box.type !== 'meta' && box.type !== 'free' && !TEXT_ITEMS.has(box.type))
  if (stranger) unsure(`'${stranger.type}' inside 'udta'`)
  for (const box of children) if (TEXT_ITEMS.has(box.type)) quickTimeText(buf, box, TEXT_ITEMS.get(box.type)!, tags)
  const meta = single(children, 'meta')
  if (meta) readMeta(buf, meta, tags)
}

function readMeta(buf: Buffer, meta: IsoBox, tags: Record<string, string>): void {
  const parts = knownChildren(buf, meta, new Set(['hdlr', 'keys', 'ilst', 'free']), 4)
  const hdlr = new BoxReader(buf, required(parts, 'hdlr').payload, required(parts, 'hdlr').end)
  hdlr.advance(8)
  const kind = hdlr.text(4)
  hdlr.advance(12)
  // A named handler here would name the last stream (ffmpeg's handler_name): rare enough to leave to ffprobe.
  if (hdlr.remaining > 0 && hdlr.bytes(hdlr.remaining).some((byte) => byte !== 0)) unsure('a named metadata handler')
  const keysBox = single(parts, 'keys')
  if ((kind === 'mdta') !== Boolean(keysBox) || (kind !== 'mdta' && kind !== 'mdir')) unsure(`a '${kind}' handler`)
  const keys = keysBox ? readKeys(buf, keysBox) : null
  const ilst = single(parts, 'ilst')
  if (!ilst) return
  const seen = new Set<string>()
  for (const item of childBoxes(buf, ilst.payload, ilst.end)) {
    if (SPECIAL_ITEMS.has(item.type)) unsure(`metadata item '${item.type}'`)
    const name = TEXT_ITEMS.get(item.type) ?? (keys ? keys[buf.readUInt32BE(item.start + 4) - 1] : undefined)
    if (name === undefined && keys) unsure(`metadata item '${item.type}' outside the keys`)
    if (name === undefined) continue
    if (name === ARTWORK || seen.has(name)) unsure(`metadata item '${name}' (artwork, or twice)`)
    seen.add(name)
    const text = itemText(buf, item)
    if (text !== null) tags[name] = text
  }
}

/** A QuickTime user-data string: 16-bit length and language, then text; ffmpeg also keeps it as "name-lang". */
function quickTimeText(buf: Buffer, box: IsoBox, name: string, tags: Record<string, string>): void {
  const reader = new BoxReader(buf, box.payload, box.end)
  const length = reader.u16()
  const code = reader.u16()
  if (length > reader.remaining) unsure('a user-data string longer than its box')
  const language = languageOf(code)
  const bytes = reader.bytes(length)
  if (code < 0x400 && bytes.some((byte) => byte >= 0x80)) unsure('Mac Roman user data')
  const text = cString(bytes)
  tags[name] = text
  if (language && language !== 'und') tags[`${name}-${language}`] = text
}

/** The `keys` box's names, in order (ilst items refer to them by 1-based index). */
function readKeys(buf: Buffer, keys: IsoBox): string[] {
  const reader = new BoxReader(buf, keys.payload, keys.end)
  reader.advance(4)
  const count = reader.u32()
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const size = reader.u32()
    if (size < 8 || reader.text(4) !== 'mdta') unsure('a key outside the mdta namespace')
    names.push(utf8(reader.bytes(size - 8)))
  }
  return names
}

/** An item's `data` atom as text, or null for a type ffmpeg skips; unsure for numbers and several data atoms. */
function itemText(buf: Buffer, item: IsoBox): string | null {
  const [data, ...more] = childBoxes(buf, item.payload, item.end)
  if (!data || more.length || data.type !== 'data') unsure('a metadata item without exactly one data atom')
  const reader = new BoxReader(buf, data.payload, data.end)
  const type = reader.u32()
  reader.advance(4)
  const bytes = reader.bytes(reader.remaining)
  if (!TEXT_TYPES.has(type)) {
    // ffmpeg prints numbers (21-23) and reads Mac text (3); any other type it skips.
    if (type === 3 || (type >= 21 && type <= 23)) unsure(`a metadata item of type ${type}`)
    return null
  }
  if (type === 0 && bytes.some((byte) => byte >= 0x80)) unsure('Mac Roman metadata')
  return cString(bytes)
}

/** Text up to its first NUL (ffmpeg's tags are C strings), unsure when it is not valid UTF-8. */
function cString(bytes: Buffer): string {
  const zero = bytes.indexOf(0)
  return utf8(zero >= 0 ? bytes.subarray(0, zero) : bytes)
}

/** Text ffmpeg would keep whole: valid UTF-8 without NUL (its dictionaries are C strings). */
export function utf8(bytes: Buffer): string {
  const text = bytes.toString('utf8')
  if (text.includes('\0') || text.includes('\ufffd')) unsure('text with NUL or invalid UTF-8')
  return text
}

/** A QuickTime time (seconds since 1904) as ffmpeg writes creation_time, "2024-05-01T12:00:00.000000Z"; null for 0. */
export function creationTime(seconds: number): string | null {
  if (seconds === 0) return null
  const date = new Date((seconds - MAC_EPOCH) * 1000)
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1000) unsure('a creation time out of range')
  return `${date.toISOString().slice(0, 19)}.000000Z`
}

/** The mdhd language as ffmpeg names it: packed ISO 639-2 ("und"), Macintosh code 0 as "eng"; null when none. */
export function languageOf(code: number): string | null {
  if (code >= 0x400 && code !== 0x7fff) {
    const letters = [code >> 10, code >> 5, code].map((bits) => String.fromCharCode(0x60 + (bits & 0x1f)))
    return letters.join('')
  }
  if (code === 0) return 'eng'
  if (code === 0x7fff) return null
  return unsure(`Macintosh language code ${code}`)
}
