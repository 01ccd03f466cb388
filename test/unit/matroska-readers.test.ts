import { describe, expect, it } from 'vitest'
import { children, elementAt } from '../../main/media/ebml'
import { Unsure } from '../../main/media/iso-boxes'
import { clusterBlocks } from '../../main/media/matroska-blocks'
import { readPicture, readSound } from '../../main/media/matroska-codecs'
import { reduce } from '../../main/media/matroska-probe'
import { FfDictionary, readTags } from '../../main/media/matroska-tags'

/** An EBML element: its ID's bytes, a 1-byte size or an 8-byte one (as muxers write sizes they patch later), its data. */
function element(id: number, data: Buffer | string | number[], long = false): Buffer {
  const payload = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.from(data) : Buffer.from(data, 'utf8')
  const longSize = long || payload.length >= 127
  const idBytes = Buffer.from(
    id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'),
    'hex',
  )
  const size = Buffer.alloc(longSize ? 8 : 1)
  if (longSize) size.writeBigUInt64BE(BigInt(payload.length) | (1n << 56n))
  else size[0] = 0x80 | payload.length
  return Buffer.concat([idBytes, size, payload])
}

const tag = (name: string, value: string, extra: Buffer[] = []) =>
  element(0x67c8, Buffer.concat([element(0x45a3, name), element(0x4487, value), ...extra]))

/** Runs `read` over every prefix of `bytes` and over seeded random corruptions: it may succeed or be Unsure, nothing else. */
function expectOnlyUnsure(bytes: Buffer, read: (data: Buffer) => unknown) {
  const attempts = [...Array.from({ length: bytes.length }, (_, i) => bytes.subarray(0, i))]
  let seed = 99
  for (let i = 0; i < 400; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const copy = Buffer.from(bytes)
    copy[(seed >>> 8) % copy.length] ^= 1 << ((seed >>> 4) % 8)
    attempts.push(copy)
  }
  let unsure = 0
  for (const attempt of attempts) {
    try {
      read(attempt)
    } catch (error) {
      expect(error).toBeInstanceOf(Unsure)
      unsure++
    }
  }
  expect(unsure).toBeGreaterThan(0)
}

describe('EBML element headers', () => {
  it('reads IDs of 1 to 4 bytes and sizes of 1 and 8 bytes, at file positions', () => {
    const bytes = Buffer.concat([element(0x1a45dfa3, 'abc', true), element(0xec, [0, 0])])
    expect(children(bytes, 0, bytes.length)).toEqual([
      { id: 0x1a45dfa3, start: 0, data: 12, end: 15 },
      { id: 0xec, start: 15, data: 17, end: 19 },
    ])
    expect(elementAt(bytes, 15, 1000)).toEqual({ id: 0xec, start: 1015, data: 1017, end: 1019 })
  })

  it('is unsure of an unknown size (live streams), an invalid length marker and an element overrunning its parent', () => {
    expect(() =>
      elementAt(Buffer.from([0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0),
    ).toThrow(Unsure)
    expect(() => elementAt(Buffer.from([0xa3, 0xff]), 0)).toThrow(Unsure)
    expect(() => elementAt(Buffer.from([0x00, 0x81]), 0)).toThrow(Unsure)
    const overrun = element(0xa3, [1, 2, 3])
    expect(() => children(overrun, 0, overrun.length - 1)).toThrow(Unsure)
  })
})

describe('frame rates from DefaultDuration', () => {
  it("gives what ffprobe reported for our clips' default durations", () => {
    // ffprobe's r_frame_rate for WebMs muxed at 30000/1001, 25 and 8 fps, whose DefaultDuration these are.
    expect(reduce(1e9, 33366666, 30000)).toEqual([30000, 1001])
    expect(reduce(1e9, 40000000, 30000)).toEqual([25, 1])
    expect(reduce(1e9, 125000000, 30000)).toEqual([8, 1])
  })

  it('keeps both terms within the bound, as close to the exact ratio as any such fraction', () => {
    for (const nanoseconds of [41708333, 16683333, 33333333, 20854166, 1234567]) {
      const [num, den] = reduce(1e9, nanoseconds, 30000)
      expect(num).toBeLessThanOrEqual(30000)
      expect(den).toBeLessThanOrEqual(30000)
      expect(Math.abs(num / den - 1e9 / nanoseconds)).toBeLessThan(1e-3 * (1e9 / nanoseconds))
    }
  })
})

describe('Matroska tags as ffmpeg names them', () => {
  it('replaces a key set in another case, and renames PART_NUMBER to track', () => {
    const dictionary = new FfDictionary()
    dictionary.set('title', 'from Info')
    dictionary.set('TITLE', 'from Tags')
    dictionary.set('PART_NUMBER', '2/10')
    dictionary.rename(new Map([['part_number', 'track']]))
    expect(dictionary.toObject()).toEqual({ TITLE: 'from Tags', track: '2/10' })
  })

  it('sorts tags to the file and to tracks by UID, nests names and suffixes languages', () => {
    const targets = (uid: number[]) => element(0x63c0, element(0x63c5, uid))
    const bytes = element(
      0x1254c367,
      Buffer.concat([
        element(0x7373, Buffer.concat([tag('COMMENT', 'hello', [tag('PART', 'one')])])),
        element(0x7373, Buffer.concat([targets([0x12, 0x34]), tag('DURATION', '00:00:01.000000000')])),
        element(0x7373, Buffer.concat([targets([0x99]), tag('LOST', 'no such track')])),
        element(0x7373, tag('TITLE', 'Titre', [element(0x447a, 'fre')])),
        element(0x7373, tag('TITLE', 'Title', [element(0x447a, 'eng'), element(0x4484, [1])])),
      ]),
    )
    const format = new FfDictionary()
    const track = new FfDictionary()
    readTags(bytes, elementAt(bytes, 0), format, new Map([['1234', track]]))
    expect(format.toObject()).toEqual({
      COMMENT: 'hello',
      'COMMENT/PART': 'one',
      'TITLE-fre': 'Titre',
      TITLE: 'Title',
      'TITLE-eng': 'Title',
    })
    expect(track.toObject()).toEqual({ DURATION: '00:00:01.000000000' })
  })

  it('is unsure of a TargetType prefix, binary values and cut or corrupted tags', () => {
    const read = (bytes: Buffer) => readTags(bytes, elementAt(bytes, 0), new FfDictionary(), new Map())
    const prefixed = element(
      0x1254c367,
      element(0x7373, Buffer.concat([element(0x63c0, element(0x63ca, 'ALBUM')), tag('A', 'b')])),
    )
    expect(() => read(prefixed)).toThrow(Unsure)
    expect(() => read(element(0x1254c367, element(0x7373, element(0x67c8, element(0x4485, [1])))))).toThrow(Unsure)
    expectOnlyUnsure(element(0x1254c367, element(0x7373, tag('ENCODER', 'Lavf'))), read)
  })
})

describe('codec headers', () => {
  // A VP9 profile 0 keyframe header: marker, profile, keyframe and shown, sync code, BT.709, limited range, 320x240.
  const vp9 = Buffer.from([0b10000010, 0x49, 0x83, 0x42, 0b01000000, 0x13, 0xf0, 0x0e, 0xf0, 0, 0, 0])
  // A VP8 keyframe: frame tag (keyframe, version 0, shown), start code, 14-bit width and height.
  const vp8 = Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 0, 0])

  it('reads VP9 and VP8 keyframe headers as ffmpeg reports the stream', () => {
    expect(readPicture('V_VP9', undefined, vp9)).toEqual({
      codec_name: 'vp9',
      profile: 'Profile 0',
      width: 320,
      height: 240,
      pix_fmt: 'yuv420p',
      color_range: 'tv',
      color_space: 'bt709',
    })
    expect(readPicture('V_VP8', undefined, vp8)).toEqual({
      codec_name: 'vp8',
      profile: '0',
      width: 320,
      height: 240,
      pix_fmt: 'yuv420p',
    })
  })

  it('is unsure of an inter frame first, another VP9 profile, and cut or corrupted headers', () => {
    expect(() => readPicture('V_VP8', undefined, Buffer.from([0x11, ...vp8.subarray(1)]))).toThrow(Unsure)
    expect(() => readPicture('V_VP9', undefined, Buffer.from([0b10100010, ...vp9.subarray(1)]))).toThrow(Unsure)
    expect(() => readPicture('V_AV1', undefined, vp9)).toThrow(Unsure)
    expectOnlyUnsure(vp9, (frame) => readPicture('V_VP9', undefined, frame))
    expectOnlyUnsure(vp8, (frame) => readPicture('V_VP8', undefined, frame))
  })

  it('reads Opus (always 48 kHz to ffmpeg) and AAC-LC sound, and leaves Vorbis to ffprobe', () => {
    const opusHead = (channels: number, family: number) =>
      Buffer.from([...Buffer.from('OpusHead'), 1, channels, 0x38, 1, 0x44, 0xac, 0, 0, 0, 0, family])
    expect(readSound('A_OPUS', opusHead(2, 0), 44100, 2)).toEqual({
      codec_name: 'opus',
      sample_rate: '48000',
      channels: 2,
      channel_layout: 'stereo',
    })
    expect(readSound('A_OPUS', opusHead(6, 1), 48000, 6)).toMatchObject({ channels: 6, channel_layout: '5.1' })
    // AAC-LC, 48 kHz (index 3), mono.
    expect(readSound('A_AAC', Buffer.from([0x11, 0x88]), 48000, 1)).toEqual({
      codec_name: 'aac',
      profile: 'LC',
      sample_rate: '48000',
      channels: 1,
      channel_layout: 'mono',
    })
    expect(() => readSound('A_AAC', Buffer.from([0x11, 0x88]), 44100, 1)).toThrow(Unsure)
    expect(() => readSound('A_VORBIS', Buffer.from([2, 30, 0]), 48000, 1)).toThrow(Unsure)
    expectOnlyUnsure(opusHead(2, 0), (head) => readSound('A_OPUS', head, 48000, 2))
  })
})

describe('cluster blocks', () => {
  const block = (track: number, time: number, flags: number, frame: number[]) => [
    0x80 | track,
    time >> 8,
    time & 0xff,
    flags,
    ...frame,
  ]
  const cluster = Buffer.concat([
    element(0xe7, [0x03, 0xe8]),
    element(0xa3, block(1, 0, 0x80, [9, 9, 9])),
    element(0xa0, Buffer.concat([element(0xa1, block(2, 40, 0, [7])), element(0x9b, [20])])),
    element(0xa3, block(2, 60, 0x06, [1, 2])),
  ])

  it('yields the timestamp and each block: track, time, frame, duration and lacing', () => {
    expect([...clusterBlocks(cluster)]).toEqual([
      { timestamp: 1000 },
      { track: 1, time: 0, frame: Buffer.from([9, 9, 9]), whole: true, laced: false, duration: null },
      { track: 2, time: 40, frame: Buffer.from([7]), whole: true, laced: false, duration: 20 },
      { track: 2, time: 60, frame: Buffer.from([1, 2]), whole: true, laced: true, duration: null },
    ])
  })

  it('marks a block cut by a short read, and throws only Unsure on cut or corrupted clusters', () => {
    const [, first] = [...clusterBlocks(cluster.subarray(0, 11))]
    expect(first).toMatchObject({ track: 1, frame: Buffer.from([9]), whole: false })
    expectOnlyUnsure(cluster, (bytes) => [...clusterBlocks(bytes)])
  })
})
