import type { FileHandle } from 'node:fs/promises'
import { readAt, topLevelBoxes } from './container-boxes'

/** What a WebP file's chunks say: its canvas, and for an animation its frames and length. */
export type WebpFacts = {
  width: number | null
  height: number | null
  animated: boolean
  frameCount: number | null
  durationSeconds: number | null
  /** 0 loops forever. */
  loopCount: number | null
}

// VP8X flags byte: bit 1 marks an animation (https://developers.google.com/speed/webp/docs/riff_container).
const ANIMATION_FLAG = 0x02
// The chunks whose first bytes say something; the others (pictures, ALPH, ICCP, EXIF, XMP) are skipped unread.
const TELLING_CHUNKS = new Set(['VP8X', 'ANIM', 'ANMF', 'VP8 ', 'VP8L'])

/**
 * Reads a WebP's chunk headers (ffprobe cannot read animated WebP: it reports a 0x0 picture).
 * An animation is a VP8X chunk with the animation flag, an ANIM chunk and one ANMF chunk per
 * frame, each with its display time in milliseconds. Null when the file is not a WebP.
 */
export async function readWebpFacts(file: FileHandle): Promise<WebpFacts | null> {
  const size = (await file.stat()).size
  const head = await readAt(file, 0, 12)
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WEBP') {
    return null
  }
  const facts: WebpFacts = {
    width: null,
    height: null,
    animated: false,
    frameCount: null,
    durationSeconds: null,
    loopCount: null,
  }
  let frames = 0
  let milliseconds = 0
  let flagged = false
  for (const { type, start } of await topLevelBoxes(file, size, 'riff', 12)) {
    if (!TELLING_CHUNKS.has(type)) continue
    const header = await readAt(file, start, 24)
    if (type === 'VP8X' && header.length >= 18) {
      flagged = (header[8] & ANIMATION_FLAG) !== 0
      facts.width = header.readUIntLE(12, 3) + 1
      facts.height = header.readUIntLE(15, 3) + 1
    } else if (type === 'ANIM' && header.length >= 14) {
      facts.loopCount = header.readUInt16LE(12)
    } else if (type === 'ANMF' && header.length >= 24) {
      frames++
      milliseconds += header.readUIntLE(20, 3)
    } else if ((type === 'VP8 ' || type === 'VP8L') && facts.width === null) {
      Object.assign(facts, await stillSize(file, start + 8, type))
    }
  }
  if (flagged && frames > 0) {
    Object.assign(facts, { animated: frames > 1, frameCount: frames, durationSeconds: milliseconds / 1000 })
  }
  return facts
}

/** A still WebP's size from its bitstream header: VP8 (lossy) after the key-frame start code, VP8L (lossless) packed in 14-bit fields. */
async function stillSize(
  file: FileHandle,
  payload: number,
  type: string,
): Promise<Pick<WebpFacts, 'width' | 'height'>> {
  const bits = await readAt(file, payload, 10)
  if (type === 'VP8 ' && bits.length >= 10 && bits[3] === 0x9d && bits[4] === 0x01 && bits[5] === 0x2a) {
    return { width: bits.readUInt16LE(6) & 0x3fff, height: bits.readUInt16LE(8) & 0x3fff }
  }
  if (type === 'VP8L' && bits.length >= 5 && bits[0] === 0x2f) {
    const packed = bits.readUInt32LE(1)
    return { width: (packed & 0x3fff) + 1, height: ((packed >>> 14) & 0x3fff) + 1 }
  }
  return { width: null, height: null }
}
