import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { parseA1111Parameters } from '../../main/generation/a1111-parameters'
import { decodeUserComment, readExifText } from '../../main/generation/exif-text'
import { decodeTextChunk } from '../../main/generation/png-text'
import { creationTime, readVideoTags } from '../../main/generation/video-tags'
import type { FfprobeOutput } from '../../main/media/media-metadata'
import { tiffExif, unicodeUserComment } from '../fixtures/metadata-writers'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

describe('decodeTextChunk', () => {
  it('reads tEXt, zTXt and iTXt (compressed, with language and translated keyword)', () => {
    expect(decodeTextChunk('tEXt', latin1('prompt\0{"a":1}'))).toEqual({ key: 'prompt', text: '{"a":1}' })
    const z = Buffer.concat([latin1('workflow\0\0'), deflateSync(latin1('{"b":2}'))])
    expect(decodeTextChunk('zTXt', z)).toEqual({ key: 'workflow', text: '{"b":2}' })
    const i = Buffer.concat([
      latin1('Prompt\0\x01\x00ja\0'),
      Buffer.from('プロンプト\0'),
      deflateSync(Buffer.from('猫')),
    ])
    expect(decodeTextChunk('iTXt', i)).toEqual({ key: 'Prompt', text: '猫' })
    expect(decodeTextChunk('comf', latin1('prompt\0{}'))).toEqual({ key: 'prompt', text: '{}' })
  })

  it('names what is wrong with a broken chunk instead of throwing', () => {
    expect(decodeTextChunk('tEXt', latin1('no keyword end'))).toEqual({ problem: 'no keyword' })
    expect(decodeTextChunk('zTXt', latin1('k\0\0not deflate'))).toEqual({
      problem: 'k: the compressed text does not inflate',
    })
    expect(decodeTextChunk('zTXt', latin1('k\0\x05x'))).toEqual({ problem: 'k: unknown compression method 5' })
    expect(decodeTextChunk('iTXt', latin1('k\0\0\0en'))).toEqual({
      problem: 'k: language or translated keyword not ended',
    })
    expect(decodeTextChunk('iTXt', latin1('k\0\x01'))).toEqual({ problem: 'k: cut off' })
  })

  it('stops a zlib bomb at the size limit rather than inflating it whole', () => {
    const bomb = Buffer.concat([latin1('k\0\0'), deflateSync(Buffer.alloc(40 * 1024 * 1024))])
    expect(decodeTextChunk('zTXt', bomb)).toEqual({ problem: 'k: the compressed text does not inflate' })
  })
})

describe('readExifText', () => {
  it("reads ComfyUI's prefixed IFD0 tags and a UserComment from the Exif IFD", () => {
    const block = tiffExif(
      [
        [0x0110, 'prompt:{"1":2}'],
        [0x010f, 'workflow:{"id":"x"}'],
        [0x0131, 'Forge'],
      ],
      unicodeUserComment('Steps: 3', 'be'),
    )
    expect(readExifText(block, 'webp:exif')).toEqual({
      entries: [
        { key: 'workflow', text: '{"id":"x"}', source: 'webp:exif:Make:workflow' },
        { key: 'prompt', text: '{"1":2}', source: 'webp:exif:Model:prompt' },
        { key: 'software', text: 'Forge', source: 'webp:exif:Software' },
        { key: 'usercomment', text: 'Steps: 3', source: 'webp:exif:UserComment' },
      ],
      problems: [],
    })
  })

  it('skips values whose offsets point past the block, and an IFD offset outside it', () => {
    const block = tiffExif([[0x010e, 'prompt:' + 'x'.repeat(40)]])
    const broken = Buffer.from(block)
    broken.writeUInt32LE(0xfffffff0, 8 + 2 + 8) // the ImageDescription value's offset
    expect(readExifText(broken, 'x')).toEqual({
      entries: [],
      problems: ["x: IFD0 tag 0x10e's value lies outside the block"],
    })
    const farIfd = Buffer.from(block)
    farIfd.writeUInt32LE(0x7fffffff, 4)
    expect(readExifText(farIfd, 'x').problems).toEqual(['x: IFD0 offset 2147483647 is outside the block'])
    expect(readExifText(Buffer.from('MM\0*'), 'x').problems).toEqual(['x: not a TIFF header'])
  })

  it('refuses an IFD declaring a huge entry count, and one cut off mid-entry', () => {
    const huge = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 0xff, 0xff])
    expect(readExifText(huge, 'x').problems).toEqual(['x: IFD0 declares 65535 entries'])
    const cut = tiffExif([[0x010e, 'prompt:{}']]).subarray(0, 8 + 2 + 6)
    expect(readExifText(cut, 'x').problems).toEqual(['x: IFD0 is cut off after 0 entries'])
  })
})

describe('decodeUserComment', () => {
  it('reads UNICODE in either byte order whatever the TIFF order says, and ASCII', () => {
    const text = 'a café <lora:x:1>\nSteps: 2'
    expect(decodeUserComment(unicodeUserComment(text, 'be'), true)).toBe(text)
    expect(decodeUserComment(unicodeUserComment(text, 'le'), false)).toBe(text)
    expect(decodeUserComment(Buffer.concat([latin1('ASCII\0\0\0'), latin1('Steps: 1\0')]), true)).toBe('Steps: 1')
    expect(decodeUserComment(latin1('JIS\0\0\0\0\0abc'), true)).toBeNull()
  })
})

describe('parseA1111Parameters', () => {
  it('reads prompt, multi-line negative prompt and the key-value line with quoted values', () => {
    const facts = parseA1111Parameters(
      'a cat <lora:cute:0.5> and <lora:style>\nsecond line\nNegative prompt: ugly,\nblurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x768, Model: sd15, Lora hashes: "cute: ab12, style: cd34", Version: v1.9.0',
    )
    expect(facts).toEqual({
      provider: 'automatic1111',
      model: 'sd15',
      prompt: 'a cat <lora:cute:0.5> and <lora:style>\nsecond line',
      negativePrompt: 'ugly,\nblurry',
      seed: 42,
      steps: 20,
      sampler: 'Euler a',
      cfg: 7,
      width: 512,
      height: 768,
      loras: [
        { name: 'cute', weight: 0.5 },
        { name: 'style', weight: 1 },
      ],
      params: { 'Lora hashes': 'cute: ab12, style: cd34', Version: 'v1.9.0' },
    })
  })

  it('tells Forge by its version, and takes text without a parameter line as the prompt', () => {
    expect(parseA1111Parameters('x\nSteps: 1, Version: f2.0.1v1.10.1').provider).toBe('forge')
    expect(parseA1111Parameters('just a prompt')).toMatchObject({
      prompt: 'just a prompt',
      steps: null,
      seed: null,
      params: {},
    })
  })
})

describe('video tags', () => {
  const probe: FfprobeOutput = {
    format: { tags: { creation_time: 'now', PROMPT: '{}', comment: 'hello', encoder: 'Lavf' } },
    streams: [
      { index: 0, tags: { creation_time: '2025-03-04T05:06:07.000000Z' } },
      { index: 1, tags: { creation_time: '2024-01-02T03:04:05.000000Z', workflow: '{}' } },
    ],
  }

  it('keeps the generation keys of the container and each stream, lower-cased, naming where they were', () => {
    expect(readVideoTags(probe, 'webm').entries).toEqual([
      { key: 'prompt', text: '{}', source: 'webm:tag:PROMPT' },
      { key: 'comment', text: 'hello', source: 'webm:tag:comment' },
      { key: 'workflow', text: '{}', source: 'webm:stream1:tag:workflow' },
    ])
  })

  it('takes the earliest stream creation_time over the container\'s, and ignores a "now"', () => {
    expect(creationTime(probe)).toEqual({ at: '2024-01-02T03:04:05.000Z', source: 'stream1:creation_time' })
    expect(creationTime({ format: { tags: { creation_time: 'now' } }, streams: [] })).toBeNull()
    expect(creationTime({ format: { tags: { creation_time: '2023-01-01T00:00:00Z' } } })).toEqual({
      at: '2023-01-01T00:00:00.000Z',
      source: 'creation_time',
    })
  })
})
