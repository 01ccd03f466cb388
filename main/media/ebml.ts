import { unsure } from './iso-boxes'
import { utf8 } from './mp4-tags'

/** One EBML element: its ID (with the length marker, as specs write them: 0x1A45DFA3) and where its header and data lie. */
export type EbmlElement = { id: number; start: number; data: number; end: number }

// An ID is at most 4 bytes and a size at most 8: a header is never longer than this.
export const MAX_HEADER = 12

/** An element's header at `at` in `buf` (offsets in the buffer, plus `base` for file positions); unsure on an unknown or impossible size. */
export function elementAt(buf: Buffer, at: number, base = 0, end = buf.length): EbmlElement {
  const limit = Math.min(end, buf.length)
  const idLength = vintLength(buf[at], 4)
  if (at + idLength > limit) unsure('an element ID is cut off')
  const id = buf.readUIntBE(at, idLength)
  const sizeAt = at + idLength
  const sizeLength = vintLength(sizeAt < limit ? buf[sizeAt] : undefined, 8)
  if (sizeAt + sizeLength > limit) unsure('an element size is cut off')
  let size = BigInt(buf[sizeAt]! & (0xff >> sizeLength))
  let allOnes = size === BigInt(0xff >> sizeLength)
  for (let i = 1; i < sizeLength; i++) {
    size = (size << 8n) | BigInt(buf[sizeAt + i]!)
    allOnes &&= buf[sizeAt + i] === 0xff
  }
  // All value bits set means "unknown size" (live streams): where the element ends is then a guess.
  if (allOnes) unsure('an element of unknown size')
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) unsure('an element size beyond 2^53')
  const data = sizeAt + sizeLength
  return { id, start: base + at, data: base + data, end: base + data + Number(size) }
}

/** How many bytes a variable-length integer starting with `first` takes; unsure beyond `max` or on a zero byte. */
function vintLength(first: number | undefined, max: number): number {
  if (first === undefined) unsure('an element header is cut off')
  const length = Math.clz32(first) - 23
  if (length > max) unsure('an invalid EBML variable-length integer')
  return length
}

/** The elements laid end to end in `buf` from `from` to `to`; one that overruns its parent makes the file unsure. */
export function children(buf: Buffer, from: number, to: number): EbmlElement[] {
  const list: EbmlElement[] = []
  for (let at = from; at < to;) {
    const element = elementAt(buf, at, 0, to)
    if (element.end > to) unsure(`element 0x${element.id.toString(16)} overruns its parent`)
    list.push(element)
    at = element.end
  }
  return list
}

// Every master element may hold a checksum (CRC-32) and padding (Void), which change nothing ffprobe reports.
const IGNORABLE = new Set([0xbf, 0xec])

/** The children of an element read into `buf`, refusing IDs outside `allowed` (an unknown element may change what ffprobe says). */
export function knownChildren(buf: Buffer, parent: EbmlElement, allowed: ReadonlySet<number>): EbmlElement[] {
  const list = children(buf, parent.data, parent.end).filter((child) => !IGNORABLE.has(child.id))
  const stranger = list.find((child) => !allowed.has(child.id))
  if (stranger) unsure(`element 0x${stranger.id.toString(16)} inside 0x${parent.id.toString(16)}`)
  return list
}

/** The only child with `id`; unsure when there are several, undefined when none. */
export function only(list: EbmlElement[], id: number): EbmlElement | undefined {
  const found = list.filter((element) => element.id === id)
  if (found.length > 1) unsure(`more than one element 0x${id.toString(16)}`)
  return found[0]
}

/** Typed reads of element data, each with the schema's default when the element is absent. */
export class EbmlValues {
  constructor(
    private readonly buf: Buffer,
    private readonly list: EbmlElement[],
  ) {}

  uint(id: number, fallback: number): number {
    const element = only(this.list, id)
    if (!element) return fallback
    const length = element.end - element.data
    if (length > 8) unsure('an unsigned integer longer than 8 bytes')
    if (length === 0) return 0
    const value = BigInt('0x' + this.buf.toString('hex', element.data, element.end))
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) unsure('an integer beyond 2^53')
    return Number(value)
  }

  /** A 64-bit unique ID as hex digits (UIDs are random and use all 64 bits); '' when absent or zero. */
  uid(id: number): string {
    const element = only(this.list, id)
    if (!element) return ''
    if (element.end - element.data > 8) unsure('a UID longer than 8 bytes')
    return this.buf.toString('hex', element.data, element.end).replace(/^0+/, '')
  }

  float(id: number, fallback: number): number {
    const element = only(this.list, id)
    if (!element) return fallback
    const length = element.end - element.data
    if (length === 4) return this.buf.readFloatBE(element.data)
    if (length === 8) return this.buf.readDoubleBE(element.data)
    return length === 0 ? 0 : unsure('a float that is neither 4 nor 8 bytes')
  }

  /** A string or UTF-8 element up to its first zero byte (the spec's padding), as ffmpeg keeps it. */
  text(id: number): string | undefined {
    const element = only(this.list, id)
    if (!element) return undefined
    const bytes = this.buf.subarray(element.data, element.end)
    const zero = bytes.indexOf(0)
    return utf8(zero >= 0 ? bytes.subarray(0, zero) : bytes)
  }

  bytes(id: number): Buffer | undefined {
    const element = only(this.list, id)
    return element && this.buf.subarray(element.data, element.end)
  }
}
