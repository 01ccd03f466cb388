/** One ISO BMFF box inside a buffer: its four-character type and payload bounds (after the size/type header). */
export type IsoBox = { type: string; start: number; payload: number; end: number }

/** Thrown by the in-process readers when a file is not what they can read with certainty; the caller falls back to ffprobe. */
export class Unsure extends Error {
  override name = 'Unsure'
}

/** Stops the in-process reading: the file needs ffprobe. */
export function unsure(why: string): never {
  throw new Unsure(why)
}

/** The boxes laid end to end in `buf` from `from` to `to`; a box that overruns its parent makes the whole file unsure. */
export function childBoxes(buf: Buffer, from: number, to: number): IsoBox[] {
  const boxes: IsoBox[] = []
  let at = from
  while (at < to) {
    if (to - at < 8) {
      // QuickTime ends some lists with a 32-bit zero terminator.
      if (to - at === 4 && buf.readUInt32BE(at) === 0) break
      unsure('a box header is cut off')
    }
    const size32 = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    let header = 8
    let size = size32
    if (size32 === 1) {
      if (to - at < 16) unsure('a 64-bit box header is cut off')
      size = Number(buf.readBigUInt64BE(at + 8))
      header = 16
    } else if (size32 === 0) {
      size = to - at
    }
    if (size < header || at + size > to) unsure(`box '${type}' overruns its parent`)
    boxes.push({ type, start: at, payload: at + header, end: at + size })
    at += size
  }
  return boxes
}

/** The children of a box, refusing any type outside `allowed` (an unknown box may change what ffprobe says). */
export function knownChildren(buf: Buffer, box: IsoBox, allowed: ReadonlySet<string>, skip = 0): IsoBox[] {
  const children = childBoxes(buf, box.payload + skip, box.end)
  const stranger = children.find((child) => !allowed.has(child.type))
  if (stranger) unsure(`'${stranger.type}' inside '${box.type}'`)
  return children
}

/** The only child of `type` among `boxes`; unsure when there are several, undefined when none. */
export function single(boxes: IsoBox[], type: string): IsoBox | undefined {
  const found = boxes.filter((box) => box.type === type)
  if (found.length > 1) unsure(`more than one '${type}'`)
  return found[0]
}

/** The only child of `type`, which must be there. */
export function required(boxes: IsoBox[], type: string): IsoBox {
  return single(boxes, type) ?? unsure(`no '${type}'`)
}

/** Bounds-checked big-endian reads over one box's payload; reading past the box makes the file unsure. */
export class BoxReader {
  constructor(
    private readonly buf: Buffer,
    private at: number,
    private readonly end: number,
  ) {}

  get remaining(): number {
    return this.end - this.at
  }

  private take(length: number): number {
    if (length < 0 || this.at + length > this.end) unsure('a box is shorter than its fields')
    const at = this.at
    this.at += length
    return at
  }

  advance(length: number): void {
    this.take(length)
  }

  u8(): number {
    return this.buf[this.take(1)]!
  }

  u16(): number {
    return this.buf.readUInt16BE(this.take(2))
  }

  u32(): number {
    return this.buf.readUInt32BE(this.take(4))
  }

  i32(): number {
    return this.buf.readInt32BE(this.take(4))
  }

  /** A 64-bit field; unsure beyond 2^53 (no real duration or size is that large). */
  u64(): number {
    const value = this.buf.readBigUInt64BE(this.take(8))
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) unsure('a 64-bit field beyond 2^53')
    return Number(value)
  }

  bytes(length: number): Buffer {
    const at = this.take(length)
    return this.buf.subarray(at, at + length)
  }

  text(length: number): string {
    return this.bytes(length).toString('latin1')
  }
}
