import { BoxReader, childBoxes, knownChildren, required, single, unsure, type IsoBox } from './iso-boxes'

// The iTunes-style items ffmpeg's mov demuxer names (libavformat/mov.c, mov_read_udta_string); any other item is unsure.
const ITEM_KEYS = new Map([
  ['\xa9nam', 'title'],
  ['\xa9cmt', 'comment'],
  ['\xa9too', 'encoder'],
  ['\xa9ART', 'artist'],
  ['\xa9alb', 'album'],
  ['\xa9day', 'date'],
  ['desc', 'description'],
])
const UTF8 = 1
// Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01.
const MAC_EPOCH = 2082844800

/**
 * Adds the tags of a `moov/udta` box to `tags` as ffmpeg does: its `meta` box's `ilst` items,
 * named by the iTunes table or by the `keys` box (`mdta`, as ffmpeg's use_metadata_tags writes).
 * Unsure on QuickTime-style strings, binary items, named handlers or anything else in there.
 */
export function readUdtaTags(buf: Buffer, udta: IsoBox, tags: Record<string, string>): void {
  const meta = single(knownChildren(buf, udta, new Set(['meta', 'free'])), 'meta')
  if (!meta) return
  const parts = knownChildren(buf, meta, new Set(['hdlr', 'keys', 'ilst', 'free']), 4)
  const hdlr = new BoxReader(buf, required(parts, 'hdlr').payload, required(parts, 'hdlr').end)
  hdlr.skip(8)
  const kind = hdlr.text(4)
  hdlr.skip(12)
  // A named handler here would name the last stream (ffmpeg's handler_name): rare enough to leave to ffprobe.
  if (hdlr.remaining > 0 && hdlr.bytes(hdlr.remaining).some((byte) => byte !== 0)) unsure('a named metadata handler')
  const keysBox = single(parts, 'keys')
  if ((kind === 'mdta') !== Boolean(keysBox) || (kind !== 'mdta' && kind !== 'mdir')) unsure(`a '${kind}' handler`)
  const keys = keysBox ? readKeys(buf, keysBox) : null
  const ilst = single(parts, 'ilst')
  if (!ilst) return
  const seen = new Set<string>()
  for (const item of childBoxes(buf, ilst.payload, ilst.end)) {
    const name = keys ? keys[buf.readUInt32BE(item.start + 4) - 1] : ITEM_KEYS.get(item.type)
    if (!name) unsure(`metadata item '${item.type}'`)
    if (seen.has(name)) unsure(`metadata item '${name}' twice`)
    seen.add(name)
    tags[name] = itemText(buf, item)
  }
}

/** The `keys` box's names, in order (ilst items refer to them by 1-based index). */
function readKeys(buf: Buffer, keys: IsoBox): string[] {
  const reader = new BoxReader(buf, keys.payload, keys.end)
  reader.skip(4)
  const count = reader.u32()
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const size = reader.u32()
    if (size < 8 || reader.text(4) !== 'mdta') unsure('a key outside the mdta namespace')
    names.push(utf8(reader.bytes(size - 8)))
  }
  return names
}

/** An item's one UTF-8 `data` atom as text. */
function itemText(buf: Buffer, item: IsoBox): string {
  const [data, ...more] = childBoxes(buf, item.payload, item.end)
  if (!data || more.length || data.type !== 'data') unsure('a metadata item without exactly one data atom')
  const reader = new BoxReader(buf, data.payload, data.end)
  if (reader.u32() !== UTF8) unsure('a metadata item that is not UTF-8 text')
  reader.skip(4)
  return utf8(reader.bytes(reader.remaining))
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
