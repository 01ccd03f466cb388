import type { FileHandle } from 'node:fs/promises'
import { readAt, topLevelBoxes } from './container-boxes'

// An ANMF chunk's payload starts with X, Y, width-1, height-1 and duration (uint24 each) and a flags byte.
const ANMF_HEADER = 16
// A first frame larger than this is not a picture a poster is worth reading for.
const MAX_FRAME_BYTES = 256 * 1024 * 1024
// VP8X flags byte: bit 4 says the picture has an alpha channel (https://developers.google.com/speed/webp/docs/riff_container).
const ALPHA_FLAG = 0x10

/** The chunks of one animation frame that make a picture, and where it sits on the canvas. */
type FramePicture = {
  x: number
  y: number
  width: number
  height: number
  alpha: Buffer | null
  bitstream: { type: 'VP8 ' | 'VP8L'; data: Buffer }
}

/** An animation's first frame as a still WebP file, and where that frame sits on the animation's canvas. */
export type WebpFirstFrame = {
  still: Buffer
  canvas: { width: number; height: number }
  frame: { x: number; y: number; width: number; height: number }
}

/**
 * The first frame of an animated WebP as the bytes of a still WebP file, or null when the file
 * is no animated WebP. ffmpeg cannot decode animated WebP (it finds no image data), but a still
 * it can: the first ANMF chunk's bitstream (VP8 or VP8L, with its ALPH chunk) is wrapped as a
 * simple-format file, or an extended one (VP8X with the alpha flag) when it has an ALPH chunk.
 * Encoders crop a frame's fully transparent edges, even the first frame's: `canvas` and `frame`
 * say where to place it for the picture the animation opens with.
 */
export async function webpFirstFrame(file: FileHandle): Promise<WebpFirstFrame | null> {
  const size = (await file.stat()).size
  const head = await readAt(file, 0, 12)
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WEBP') {
    return null
  }
  const chunks = await topLevelBoxes(file, size, 'riff', 12)
  const frame = chunks.find((chunk) => chunk.type === 'ANMF')
  if (!frame) return null
  const length = frame.end - frame.start - frame.headerSize
  if (length < ANMF_HEADER || length > MAX_FRAME_BYTES) return null
  const picture = framePicture(await readAt(file, frame.start + frame.headerSize, length))
  if (!picture) return null
  const { x, y, width, height } = picture
  const header = chunks.find((chunk) => chunk.type === 'VP8X')
  const canvas = (header && (await canvasSize(file, header.start + header.headerSize))) ?? {
    width: x + width,
    height: y + height,
  }
  return { still: stillWebp(picture), canvas, frame: { x, y, width, height } }
}

/** The canvas size a VP8X chunk declares (uint24 width-1 and height-1 after the flags and reserved bytes). */
async function canvasSize(file: FileHandle, payload: number): Promise<{ width: number; height: number } | null> {
  const bytes = await readAt(file, payload, 10)
  if (bytes.length < 10) return null
  return { width: bytes.readUIntLE(4, 3) + 1, height: bytes.readUIntLE(7, 3) + 1 }
}

/** The picture chunks inside an ANMF payload; unknown chunks are skipped, as the spec asks of readers. */
function framePicture(payload: Buffer): FramePicture | null {
  // A file cut short reads fewer bytes than its chunk claims.
  if (payload.length < ANMF_HEADER) return null
  // Offsets are stored halved.
  const x = payload.readUIntLE(0, 3) * 2
  const y = payload.readUIntLE(3, 3) * 2
  const width = payload.readUIntLE(6, 3) + 1
  const height = payload.readUIntLE(9, 3) + 1
  let alpha: Buffer | null = null
  for (let at = ANMF_HEADER; at + 8 <= payload.length;) {
    const type = payload.toString('latin1', at, at + 4)
    const length = payload.readUInt32LE(at + 4)
    const data = payload.subarray(at + 8, at + 8 + length)
    if (data.length < length) return null
    if (type === 'ALPH') alpha = data
    if (type === 'VP8 ' || type === 'VP8L') return { x, y, width, height, alpha, bitstream: { type, data } }
    // Chunks are padded to an even length; the size field does not count the pad byte.
    at += 8 + length + (length & 1)
  }
  return null
}

/** A still WebP file of one picture: simple format, or extended when a lossy picture has an ALPH chunk. */
function stillWebp({ width, height, alpha, bitstream }: FramePicture): Buffer {
  // VP8L carries its own alpha; an ALPH chunk belongs only with a lossy VP8 bitstream.
  const chunks =
    alpha && bitstream.type === 'VP8 '
      ? [chunk('VP8X', extendedHeader(width, height)), chunk('ALPH', alpha), chunk('VP8 ', bitstream.data)]
      : [chunk(bitstream.type, bitstream.data)]
  const body = Buffer.concat(chunks)
  const riff = Buffer.alloc(12)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(4 + body.length, 4)
  riff.write('WEBP', 8, 'latin1')
  return Buffer.concat([riff, body])
}

function extendedHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(10)
  header[0] = ALPHA_FLAG
  header.writeUIntLE(width - 1, 4, 3)
  header.writeUIntLE(height - 1, 7, 3)
  return header
}

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.write(type, 0, 'latin1')
  header.writeUInt32LE(data.length, 4)
  return Buffer.concat([header, data, Buffer.alloc(data.length & 1)])
}
