import type { FileHandle } from 'node:fs/promises'

/** One top-level box (ISO BMFF) or chunk (RIFF) as its header declares it. */
export type Box = { type: string; start: number; end: number; headerSize: number }

/** The container families whose top level is a list of size-prefixed boxes. */
export type BoxFamily = 'iso' | 'riff'

// Enough for a file with many fragments; beyond this the walk stops rather than reading forever.
const MAX_BOXES = 100_000

/**
 * The box family of a file ffprobe read with the demuxer(s) `formatName` names ("mov,mp4,m4a,3gp,3g2,mj2",
 * "avi", "webp_pipe"); null for every other container, whose bytes need not be opened here.
 */
export function boxFamily(formatName: string | undefined): BoxFamily | null {
  const names = (formatName ?? '').split(',')
  if (names.includes('mov') || names.includes('mp4')) return 'iso'
  if (names.some((name) => name === 'avi' || name.startsWith('webp'))) return 'riff'
  return null
}

/**
 * Lists a file's top-level boxes from their headers only (a few bytes per box, however large
 * the file), the first at `from` (a RIFF form's chunks start at 12, after "RIFF", its size and form type).
 * A box may end past `fileSize`: that is the file being cut short, for the caller to judge.
 * RIFF sizes are little-endian and padded to even; ISO sizes big-endian, with 64-bit and "to end" forms.
 */
export async function topLevelBoxes(file: FileHandle, fileSize: number, family: BoxFamily, from = 0): Promise<Box[]> {
  const boxes: Box[] = []
  const header = Buffer.alloc(16)
  for (let start = from; start + 8 <= fileSize && boxes.length < MAX_BOXES;) {
    const { bytesRead } = await file.read(header, 0, 16, start)
    if (bytesRead < 8) break
    const type = header.toString('latin1', family === 'riff' ? 0 : 4, family === 'riff' ? 4 : 8)
    let box: Box
    if (family === 'riff') {
      const size = header.readUInt32LE(4)
      box = { type, start, end: start + 8 + size + (size % 2), headerSize: 8 }
    } else {
      const size32 = header.readUInt32BE(0)
      if (size32 === 1 && bytesRead < 16) break
      const size = size32 === 1 ? Number(header.readBigUInt64BE(8)) : size32 === 0 ? fileSize - start : size32
      const headerSize = size32 === 1 ? 16 : 8
      if (size < headerSize) break
      box = { type, start, end: start + size, headerSize }
    }
    boxes.push(box)
    start = box.end
  }
  return boxes
}

/** A FileHandle read of `length` bytes at `position` (fewer at the end of the file). */
export async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await file.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}
