import { describe, expect, it } from 'vitest'
import { readAvcConfig } from '../../main/media/h264-config'
import { childBoxes, Unsure } from '../../main/media/iso-boxes'
import { creationTime, languageOf, readUdtaTags } from '../../main/media/mp4-tags'

/** Writes bits MSB first, with Exp-Golomb codes, into an SPS NAL unit. */
class Bits {
  private bits: number[] = []
  u(count: number, value: number): this {
    for (let i = count - 1; i >= 0; i--) this.bits.push((value >> i) & 1)
    return this
  }
  ue(value: number): this {
    const code = value + 1
    const length = Math.floor(Math.log2(code))
    return this.u(length, 0).u(length + 1, code)
  }
  bytes(): Buffer {
    const padded = [...this.bits, 1, ...Array<number>((8 - ((this.bits.length + 1) % 8)) % 8).fill(0)]
    return Buffer.from(
      Array.from({ length: padded.length / 8 }, (_, i) => parseInt(padded.slice(i * 8, i * 8 + 8).join(''), 2)),
    )
  }
}

/** An avcC record around one SPS. */
function avcC(sps: Buffer): Buffer {
  const head = Buffer.from([1, sps[1]!, sps[2]!, sps[3]!, 0xff, 0xe1, sps.length >> 8, sps.length & 0xff])
  return Buffer.concat([head, sps, Buffer.from([1, 0, 4, 0x68, 0xce, 0x0f, 0xc8])])
}

/** A Baseline SPS of `mbs` macroblocks square, cropped by `crop` luma rows at the bottom, and `vui` bits after it. */
function baselineSps(mbs: number, crop: number, vui?: (bits: Bits) => Bits): Buffer {
  const bits = new Bits().u(8, 0x67).u(8, 66).u(8, 0x40).u(8, 30).ue(0).ue(0).ue(2).ue(1).u(1, 0)
  bits
    .ue(mbs - 1)
    .ue(mbs - 1)
    .u(1, 1)
    .u(1, 1)
  if (crop)
    bits
      .u(1, 1)
      .ue(0)
      .ue(0)
      .ue(0)
      .ue(crop / 2)
  else bits.u(1, 0)
  if (vui) vui(bits.u(1, 1))
  else bits.u(1, 0)
  return bits.bytes()
}

describe('H.264 parameter sets', () => {
  it("reads an ffmpeg clip's avcC as ffprobe reports it", () => {
    const config = Buffer.from('0142c00dffe100166742c00dda0507ec0440000003004000000c83c50aa801000468ce0fc8', 'hex')
    expect(readAvcConfig(config)).toEqual({
      profile: 'Constrained Baseline',
      width: 320,
      height: 240,
      pixFmt: 'yuv420p',
      bitDepth: 8,
    })
  })

  it('applies the cropping of a High profile SPS (1080 rows coded as 1088), through its emulation-prevention bytes', () => {
    const config = Buffer.from(
      '01640020ffe1001b67640020acd940440227965c0440000003004000000f03c60c658001000668ebe3cb22c0fdf8f800',
      'hex',
    )
    expect(readAvcConfig(config)).toMatchObject({ profile: 'High', width: 1080, height: 1080, pixFmt: 'yuv420p' })
  })

  it('reads hand-made SPSs: size, cropping and an aspect-ratio VUI', () => {
    expect(readAvcConfig(avcC(baselineSps(10, 0)))).toMatchObject({ width: 160, height: 160 })
    expect(readAvcConfig(avcC(baselineSps(10, 8)))).toMatchObject({ width: 160, height: 152 })
    const sar = (bits: Bits) => bits.u(1, 1).u(8, 255).u(16, 4).u(16, 3).u(1, 0).u(1, 0).u(1, 0).u(1, 0).u(1, 0)
    expect(readAvcConfig(avcC(baselineSps(10, 0, sar)))).toMatchObject({ width: 160, height: 160 })
  })

  it('is unsure of a video signal type, which ffprobe reports as colour range and space', () => {
    const signal = (bits: Bits) => bits.u(1, 0).u(1, 0).u(1, 1).u(3, 5).u(1, 1).u(1, 0)
    expect(() => readAvcConfig(avcC(baselineSps(10, 0, signal)))).toThrow(Unsure)
  })

  it('throws only Unsure on cut, empty and random configs', () => {
    const good = avcC(baselineSps(10, 0))
    for (let length = 0; length < good.length - 7; length++) {
      const cut = Buffer.from(good.subarray(0, length))
      expect(() => readAvcConfig(cut), `cut at ${length}`).toThrow(Unsure)
    }
    let seed = 7
    for (let i = 0; i < 500; i++) {
      const junk = Buffer.from(Array.from({ length: 4 + (i % 40) }, () => (seed = (seed * 48271) % 2147483647) & 0xff))
      junk[0] = 1
      junk[5] = 0xe1
      try {
        readAvcConfig(junk)
      } catch (error) {
        expect(error).toBeInstanceOf(Unsure)
      }
    }
  })
})

describe('ISO boxes', () => {
  const box = (type: string, payload: Buffer) => {
    const header = Buffer.alloc(8)
    header.writeUInt32BE(8 + payload.length)
    header.write(type, 4, 'latin1')
    return Buffer.concat([header, payload])
  }

  it('lists boxes laid end to end, with 64-bit and to-the-end sizes', () => {
    const large = Buffer.alloc(20)
    large.writeUInt32BE(1)
    large.write('free', 4, 'latin1')
    large.writeBigUInt64BE(20n, 8)
    const open = Buffer.alloc(16)
    open.write('mdat', 4, 'latin1')
    const buf = Buffer.concat([box('ftyp', Buffer.alloc(4)), large, open])
    expect(childBoxes(buf, 0, buf.length).map(({ type, payload, end }) => [type, payload, end])).toEqual([
      ['ftyp', 8, 12],
      ['free', 28, 32],
      ['mdat', 40, 48],
    ])
  })

  it('is unsure of a box that overruns its parent or is smaller than its header', () => {
    const buf = box('moov', box('trak', Buffer.alloc(8)))
    buf.writeUInt32BE(99, 8)
    expect(() => childBoxes(buf, 8, buf.length)).toThrow(Unsure)
    buf.writeUInt32BE(4, 8)
    expect(() => childBoxes(buf, 8, buf.length)).toThrow(Unsure)
  })
})

describe('MP4 tag values', () => {
  it('writes languages and creation times as ffmpeg does', () => {
    expect(languageOf(0x55c4)).toBe('und')
    expect(languageOf(0x15c7)).toBe('eng')
    expect(languageOf(0)).toBe('eng')
    expect(languageOf(0x7fff)).toBeNull()
    expect(() => languageOf(5)).toThrow(Unsure)
    expect(creationTime(0)).toBeNull()
    expect(creationTime(2082844800 + 86400)).toBe('1970-01-02T00:00:00.000000Z')
  })
})

describe('MP4 user data', () => {
  const box = (type: string, ...parts: Buffer[]) => {
    const payload = Buffer.concat(parts)
    const header = Buffer.alloc(8)
    header.writeUInt32BE(8 + payload.length)
    header.write(type, 4, 'latin1')
    return Buffer.concat([header, payload])
  }
  const u32 = (value: number) => {
    const bytes = Buffer.alloc(4)
    bytes.writeUInt32BE(value)
    return bytes
  }
  /** A QuickTime user-data string: length, language code, text. */
  const quickTime = (type: string, language: number, text: string) => {
    const head = Buffer.alloc(4)
    head.writeUInt16BE(Buffer.byteLength(text))
    head.writeUInt16BE(language, 2)
    return box(type, head, Buffer.from(text))
  }
  const item = (type: string, dataType: number, value: Buffer) => box(type, box('data', u32(dataType), u32(0), value))
  const hdlr = box('hdlr', Buffer.alloc(8), Buffer.from('mdir'), Buffer.alloc(13))
  const meta = (...items: Buffer[]) => box('meta', u32(0), hdlr, box('ilst', ...items))
  const tagsOf = (udta: Buffer) => {
    const tags: Record<string, string> = {}
    readUdtaTags(udta, { type: 'udta', start: 0, payload: 8, end: udta.length }, tags)
    return tags
  }

  it('reads QuickTime strings (with their language as ffmpeg adds it) and iTunes items, skipping those ffmpeg skips', () => {
    const udta = box(
      'udta',
      quickTime('\xa9xyz', 0x15c7, '+37.4219-122.0840/'),
      meta(item('\xa9nam', 1, Buffer.from('Ünïcode')), item('gsst', 1, Buffer.from('0')), item('\xa9cmt', 13, u32(1))),
    )
    expect(tagsOf(udta)).toEqual({
      location: '+37.4219-122.0840/',
      'location-eng': '+37.4219-122.0840/',
      title: 'Ünïcode',
    })
  })

  it('is unsure of cover art, numbers, unknown user-data boxes and items twice', () => {
    expect(() => tagsOf(box('udta', meta(item('covr', 14, Buffer.alloc(4)))))).toThrow(Unsure)
    expect(() => tagsOf(box('udta', meta(item('\xa9nam', 21, Buffer.from([1])))))).toThrow(Unsure)
    expect(() => tagsOf(box('udta', box('Xtra', Buffer.alloc(4))))).toThrow(Unsure)
    const twice = meta(item('\xa9nam', 1, Buffer.from('a')), item('\xa9nam', 1, Buffer.from('b')))
    expect(() => tagsOf(box('udta', twice))).toThrow(Unsure)
  })
})
