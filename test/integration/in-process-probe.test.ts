import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { MediaType } from '../../shared/contract'
import { probeInProcess, IN_PROCESS } from '../../main/media/in-process-probe'
import { describeMedia } from '../../main/media/media-facts'
import type { FfprobeOutput } from '../../main/media/media-metadata'
import { resolveMediaTools } from '../../main/media/media-tools'
import { mediaTypeOf } from '../../main/media/media-types'
import { probeMedia } from '../../main/media/probe'
import { runTool } from '../../main/media/tool-io'
import { readGeneration } from '../../main/generation/read-generation'
import type { Fixtures } from '../fixtures/make-fixtures'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffprobe } = resolveMediaTools()
const tail = { ffprobe, run: runTool }

type Name = Exclude<keyof Fixtures, 'dir'>

// Every fixture the in-process reader leaves to ffprobe, and why; all the others must be read in process.
const DECLINED: Partial<Record<Name, string>> = {
  cutWebm: 'its Segment runs past the end of the file',
  vorbisWebm: 'Vorbis (a corrupt setup header fails the whole probe; only decoding tells)',
  prores: 'ProRes (its frame header holds colour facts)',
  damagedMp4: 'its mdat runs past the end of the file',
  truncated: 'no moov',
  zeroByte: 'empty',
  textAsMp4: 'not an ISO file',
  animatedGif: 'GIF',
  animatedWebp: 'WebP',
  stillWebp: 'WebP',
  genComfyWebp: 'WebP',
  genComfyApng: 'an animated PNG (acTL)',
  gapAndBurst: 'FLAC audio',
  songMp3: 'MP3 audio',
  genInvokeSidecar: 'a JSON sidecar, not media',
  genComfyAvif: 'AVIF (HEIF items, no moov)',
  gridAvif: 'AVIF',
  rgbAvif: 'AVIF',
  genComfyAudioMp4: 'an mp4 without a picture track',
}

const names = (Object.keys(fixtures) as Array<keyof Fixtures>).filter((name): name is Name => name !== 'dir')

/** What an import stores for a file described by `probe`: the metadata and the generation facts read from its tags. */
async function stored(file: string, probe: FfprobeOutput, mediaType: MediaType) {
  const fileName = path.basename(file)
  const metadata = await describeMedia(file, fileName, mediaType, probe, tail)
  const generation = await readGeneration({ filePath: file, fileName, mediaType, probe })
  return { metadata, generation }
}

describe('in-process probing against ffprobe, over the whole fixture set', () => {
  it.each(names.filter((name) => !DECLINED[name]))('%s: stores what ffprobe would, field by field', async (name) => {
    const file = fixtures[name]
    const mediaType = mediaTypeOf(file)!
    const local = await probeInProcess(file)
    expect(local, `${name} was declined; list it in DECLINED if that is meant`).not.toBeNull()
    const mine = await stored(file, local!, mediaType)
    const theirs = await stored(file, await probeMedia(ffprobe, file), mediaType)
    for (const key of Object.keys(theirs.metadata) as Array<keyof typeof theirs.metadata>) {
      expect({ [key]: mine.metadata[key] }).toEqual({ [key]: theirs.metadata[key] })
    }
    expect(Object.keys(mine.metadata).sort()).toEqual(Object.keys(theirs.metadata).sort())
    expect(mine.generation).toEqual(theirs.generation)
  })

  it.each(names.filter((name) => DECLINED[name]))('%s: declined, left to ffprobe', async (name) => {
    expect(await probeInProcess(fixtures[name])).toBeNull()
  })

  it('reads most videos and PNGs in process (a reader that declined everything would pass the above)', () => {
    const read = (type: MediaType) => names.filter((name) => mediaTypeOf(fixtures[name]) === type && !DECLINED[name])
    expect(read('video').length).toBeGreaterThanOrEqual(19)
    expect(read('image').length).toBeGreaterThanOrEqual(9)
  })
})

/** Every cut of `source` at `step`-byte lengths must be declined (each leaves an element or box past the end). */
async function expectEveryCutDeclined(source: string, step: number) {
  const whole = readFileSync(source)
  const dir = tempDir()
  for (let length = 0; length < whole.length; length += step) {
    const file = path.join(dir, `cut-${length}${path.extname(source)}`)
    writeFileSync(file, whole.subarray(0, length))
    expect(await probeInProcess(file), `cut at ${length}`).toBeNull()
  }
}

/**
 * Flips one bit at a time in `span` bytes from `from` of `source`: the reader never throws, and a
 * few of the copies it still reads (flips in names, tags or sizes that stay consistent) must store
 * what ffprobe's reading stores.
 */
async function expectFlipsSafe(source: string, from: number, span: number) {
  const whole = readFileSync(source)
  const dir = tempDir()
  let random = 12345
  let compared = 0
  for (let i = 0; i < 300; i++) {
    random = (random * 1103515245 + 12345) % 2 ** 31
    const copy = Buffer.from(whole)
    const at = from + (random % span)
    copy[at] = copy[at]! ^ (1 << (random % 8))
    const file = path.join(dir, `flip-${i}${path.extname(source)}`)
    writeFileSync(file, copy)
    const local = await probeInProcess(file)
    if (local && compared < 8 && i % 5 === 0) {
      compared++
      const theirs = await stored(file, await probeMedia(ffprobe, file), 'video')
      expect((await stored(file, local, 'video')).metadata, `flip at ${at}`).toEqual(theirs.metadata)
    }
  }
  expect(compared).toBeGreaterThan(0)
}

describe('in-process probing on damaged bytes', () => {
  it('returns null, never throws, for every cut of an MP4', () => expectEveryCutDeclined(fixtures.mp4, 97))

  it('never throws on flipped bytes in an MP4 index, and what it still reads is what ffprobe reads', () =>
    expectFlipsSafe(fixtures.mp4, readFileSync(fixtures.mp4).indexOf('moov') - 4, 2400))

  it('returns null, never throws, for every cut of a WebM and a Matroska file', async () => {
    await expectEveryCutDeclined(fixtures.webm, 89)
    await expectEveryCutDeclined(fixtures.mkv, 211)
  })

  it('never throws on flipped bytes in WebM headers and the first frame, and what it still reads is what ffprobe reads', async () => {
    const whole = readFileSync(fixtures.webm)
    // The EBML header, SeekHead, Info, Tracks and Tags, and the first Cluster's first blocks.
    const firstCluster = whole.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]))
    await expectFlipsSafe(fixtures.webm, 0, firstCluster + 64)
  })
})

/** A PNG of IHDR (colour type `colour`, 8 bits), then `chunks`, IDAT and IEND; CRCs are not checked by either reader. */
function png(colour: number, chunks: Array<[string, Buffer]>): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(16, 0)
  ihdr.writeUInt32BE(9, 4)
  ihdr[8] = 8
  ihdr[9] = colour
  const parts: Array<[string, Buffer]> = [
    ['IHDR', ihdr],
    ...chunks,
    ['IDAT', Buffer.alloc(10)],
    ['IEND', Buffer.alloc(0)],
  ]
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ...parts.map(([type, data]) => chunk(type, data))])
}

describe('in-process probing of hand-made PNGs', () => {
  const read = (bytes: Buffer) => {
    const file = path.join(tempDir(), 'made.png')
    writeFileSync(file, bytes)
    return probeInProcess(file)
  }

  it('reads size and pixel format from IHDR, past text chunks', async () => {
    const output = await read(png(6, [['tEXt', Buffer.from('Comment\0hello')]]))
    expect(output?.streams?.[0]).toMatchObject({ codec_name: 'png', width: 16, height: 9, pix_fmt: 'rgba' })
  })

  it('declines transparency that adds alpha, an animation, and a file cut before its image data', async () => {
    expect(await read(png(2, [['tRNS', Buffer.alloc(6)]]))).toBeNull()
    expect(await read(png(2, [['acTL', Buffer.alloc(8)]]))).toBeNull()
    expect(
      await read(
        png(3, [
          ['PLTE', Buffer.alloc(3)],
          ['tRNS', Buffer.alloc(1)],
        ]),
      ),
    ).not.toBeNull()
    const whole = png(2, [])
    for (let length = 0; length < whole.length - 12; length += 5) {
      expect(await read(whole.subarray(0, length)), `cut at ${length}`).toBeNull()
    }
  })
})

describe('in-process probing of JPEGs by name', () => {
  it('reads a .jpeg as a .jpg, and leaves names whose demuxer ffprobe picks otherwise to ffprobe', async () => {
    const dir = tempDir()
    const copy = (name: string) => {
      const file = path.join(dir, name)
      writeFileSync(file, readFileSync(fixtures.jpg))
      return file
    }
    const jpeg = copy('photo.jpeg')
    const [mine, theirs] = [await probeInProcess(jpeg), await probeMedia(ffprobe, jpeg)]
    expect(mine?.format?.format_name).toBe('image2')
    expect(theirs.format?.format_name).toBe('image2')
    expect(await probeInProcess(copy('photo.upload'))).toBeNull()
    expect(await probeInProcess(copy('photo{1}.jpg'))).toBeNull()
  })

  it('returns null for every cut before the frame header', async () => {
    const whole = readFileSync(fixtures.jpg)
    const sof = whole.indexOf(Buffer.from([0xff, 0xc0]))
    for (let length = 0; length < sof + 10; length += 7) {
      const file = path.join(tempDir(), 'cut.jpg')
      writeFileSync(file, whole.subarray(0, length))
      expect(await probeInProcess(file), `cut at ${length}`).toBeNull()
    }
  })
})

describe('the importer', () => {
  it.each(['mp4', 'webm'] as const)(
    'reads a plain %s in process and stores what it stores after ffprobe',
    async (name) => {
      const fast = testLibrary(tempDir(), { ingest: { thumbnailsAfterImport: false } })
      const slow = testLibrary(tempDir(), { ingest: { inProcessProbe: false, thumbnailsAfterImport: false } })
      await importAndWait(fast, [fixtures[name]])
      await importAndWait(slow, [fixtures[name]])
      const metadata = (lib: typeof fast) =>
        JSON.parse(lib.sqlite.db.prepare<[], string>('SELECT metadata FROM videos').pluck().get()!)
      const [mine, theirs] = [metadata(fast), metadata(slow)]
      expect(mine.probedWith).toBe(IN_PROCESS)
      expect(theirs.probedWith).toBe(ffprobe)
      expect({ ...mine, probedWith: null }).toEqual({ ...theirs, probedWith: null })
    },
  )
})
