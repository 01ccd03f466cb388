import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readJpegExifText, readWebpExifText } from '../../main/generation/image-exif'
import { readPngText } from '../../main/generation/png-text'
import { readGeneration } from '../../main/generation/read-generation'
import { makePng, pngChunk, tEXt, tiffExif, withJpegExif } from '../fixtures/metadata-writers'
import { tempDir } from '../helpers/temp-dir'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const IEND = pngChunk('IEND', Buffer.alloc(0))

/** A chunk header declaring `length` bytes of `type`, without its data. */
function chunkHeader(type: string, length: number): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(length, 0)
  head.write(type, 4, 'latin1')
  return head
}

/** Writes `parts` at their offsets into a sparse file of `size` bytes. */
function sparseFile(file: string, size: number, parts: Array<[offset: number, data: Buffer]>): void {
  const fd = openSync(file, 'w')
  try {
    for (const [offset, data] of parts) writeSync(fd, data, 0, data.length, offset)
    writeSync(fd, Buffer.alloc(1), 0, 1, size - 1)
  } finally {
    closeSync(fd)
  }
}

/** Reads the file through a handle that counts the bytes asked for, and the largest single read. */
async function countingRead<T>(file: string, read: (handle: FileHandle, size: number) => Promise<T>) {
  const handle = await open(file, 'r')
  const counts = { bytes: 0, largest: 0 }
  try {
    const counting = {
      read: (buffer: Buffer, offset: number, length: number, position: number) => {
        counts.bytes += length
        counts.largest = Math.max(counts.largest, length)
        return handle.read(buffer, offset, length, position)
      },
    } as unknown as FileHandle
    const result = await read(counting, (await handle.stat()).size)
    return { result, ...counts }
  } finally {
    await handle.close()
  }
}

describe('PNG text on hostile or huge files', () => {
  it('finds text after 100 MB of image data reading only chunk headers and the text', async () => {
    const file = path.join(tempDir(), 'huge.png')
    const idat = 100 * 1024 * 1024
    const head = Buffer.concat([SIGNATURE, makePng({ width: 1, height: 1 }).subarray(8, 33), chunkHeader('IDAT', idat)])
    const tail = Buffer.concat([Buffer.alloc(4), tEXt('prompt', '{"1": 2}'), IEND])
    sparseFile(file, head.length + idat + tail.length, [
      [0, head],
      [head.length + idat, tail],
    ])
    const { result, bytes } = await countingRead(file, (handle, size) => readPngText(handle, size))
    expect(result).toEqual({ entries: [{ key: 'prompt', text: '{"1": 2}', source: 'png:tEXt:prompt' }], problems: [] })
    expect(bytes).toBeLessThan(1024)
  })

  it('skips a text chunk declaring 40 MB without allocating it, and goes on', async () => {
    const file = path.join(tempDir(), 'big-text.png')
    const big = 40 * 1024 * 1024
    const head = Buffer.concat([SIGNATURE, chunkHeader('tEXt', big)])
    const tail = Buffer.concat([Buffer.alloc(4), tEXt('workflow', '{}'), IEND])
    sparseFile(file, head.length + big + tail.length, [
      [0, head],
      [head.length + big, tail],
    ])
    const { result, largest } = await countingRead(file, (handle, size) => readPngText(handle, size))
    expect(result.problems).toEqual([`png:tEXt: a ${big}-byte chunk was skipped (too large)`])
    expect(result.entries.map((entry) => entry.key)).toEqual(['workflow'])
    expect(largest).toBeLessThan(1024)
  })

  it('notes a chunk whose declared length runs past the end, keeping the text before it', async () => {
    const dir = tempDir()
    const pastEnd = path.join(dir, 'past-end.png')
    writeFileSync(
      pastEnd,
      Buffer.concat([SIGNATURE, tEXt('prompt', '{}'), chunkHeader('IDAT', 0xfffffff0), Buffer.alloc(10)]),
    )
    expect(await readText(pastEnd)).toEqual({
      entries: [{ key: 'prompt', text: '{}', source: 'png:tEXt:prompt' }],
      problems: ['png: chunk "IDAT" at byte 29 declares 4294967280 bytes, past the end of the file'],
    })
    const cut = path.join(dir, 'cut.png')
    writeFileSync(cut, Buffer.concat([SIGNATURE, tEXt('prompt', '{}'), Buffer.from([0, 0, 0])]))
    expect((await readText(cut)).problems).toEqual(['png: a chunk header is cut off at byte 29'])
  })

  it('skips a text chunk with a bad CRC, noting it, and reads the good ones', async () => {
    const bad = tEXt('prompt', '{"tampered": true}')
    bad[bad.length - 1] ^= 0xff
    const file = path.join(tempDir(), 'bad-crc.png')
    writeFileSync(file, makePng({ width: 2, height: 2, before: [bad, tEXt('workflow', '{}')] }))
    expect(await readText(file)).toEqual({
      entries: [{ key: 'workflow', text: '{}', source: 'png:tEXt:workflow' }],
      problems: ['png:tEXt: bad CRC at byte 33; the chunk was skipped'],
    })
  })

  it('answers a file that is no PNG with a problem', async () => {
    const file = path.join(tempDir(), 'fake.png')
    writeFileSync(file, 'not a png at all')
    expect(await readText(file)).toEqual({ entries: [], problems: ['png: not a PNG (no PNG signature)'] })
  })
})

describe('JPEG and WebP EXIF on hostile files', () => {
  const exif = tiffExif([[0x010e, 'prompt:{}']])

  it('notes a JPEG segment running past the end of the file', async () => {
    const jpeg = withJpegExif(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), exif)
    const file = path.join(tempDir(), 'cut.jpg')
    writeFileSync(file, jpeg.subarray(0, 20))
    const { result } = await countingRead(file, (handle, size) => readJpegExifText(handle, size))
    expect(result).toEqual({ entries: [], problems: ['jpeg: segment 0xe1 at byte 2 runs past the end of the file'] })
  })

  it('notes a WebP chunk running past the end and an EXIF chunk that is no TIFF', async () => {
    const riff = (chunks: Buffer) => {
      const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1')
      head.writeUInt32LE(4 + chunks.length, 4)
      return Buffer.concat([head, chunks])
    }
    const chunk = (type: string, data: Buffer, declared = data.length) => {
      const head = Buffer.alloc(8)
      head.write(type, 0, 'latin1')
      head.writeUInt32LE(declared, 4)
      return Buffer.concat([head, data])
    }
    const dir = tempDir()
    const garbage = path.join(dir, 'garbage-exif.webp')
    writeFileSync(
      garbage,
      riff(Buffer.concat([chunk('EXIF', Buffer.from('garbage!')), chunk('XMP ', Buffer.alloc(3), 0x7ffffff0)])),
    )
    const { result } = await countingRead(garbage, (handle, size) => readWebpExifText(handle, size))
    expect(result).toEqual({
      entries: [],
      problems: ['webp:exif: not a TIFF header', 'webp: chunk "XMP " at byte 28 runs past the end of the file'],
    })
  })
})

describe('readGeneration never throws', () => {
  it('notes a missing file and reads a video without ffprobe output as nothing found', async () => {
    const missing = await readGeneration({ filePath: path.join(tempDir(), 'gone.png'), mediaType: 'image' })
    expect(missing.problems).toEqual([expect.stringMatching(/^could not read the file: ENOENT/)])
    const video = await readGeneration({ filePath: path.join(tempDir(), 'clip.mp4'), mediaType: 'video', probe: null })
    expect(video).toMatchObject({ provider: null, problems: [], sources: [] })
  })

  it("notes an InvokeAI sidecar that is not JSON, and a VideoHelperSuite sidecar's broken prompt", async () => {
    const root = tempDir()
    const { mkdirSync } = await import('node:fs')
    mkdirSync(path.join(root, 'videos'))
    mkdirSync(path.join(root, 'sidecars'))
    writeFileSync(path.join(root, 'sidecars', 'run.json'), '{"metadata": {"seed": 1}, ')
    const broken = await readGeneration({
      filePath: path.join(root, 'videos', 'run.mp4'),
      mediaType: 'video',
      probe: {},
    })
    expect(broken.problems).toEqual([expect.stringMatching(/^sidecar:sidecars\/run\.json: not JSON \(/)])
    writeFileSync(
      path.join(root, 'videos', 'clip.png'),
      makePng({ width: 1, height: 1, before: [tEXt('prompt', '{"1": [')] }),
    )
    const vhs = await readGeneration({ filePath: path.join(root, 'videos', 'clip.mp4'), mediaType: 'video', probe: {} })
    expect(vhs.problems).toEqual([expect.stringMatching(/^sidecar:clip\.png:tEXt:prompt: not JSON/)])
  })
})

async function readText(file: string) {
  const handle = await open(file, 'r')
  try {
    return await readPngText(handle, (await handle.stat()).size)
  } finally {
    await handle.close()
  }
}
