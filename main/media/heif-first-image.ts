import type { FileHandle } from 'node:fs/promises'
import { readHeifItem, readHeifItems } from './heif-items'
import { Unsure } from './iso-boxes'

const OBU_SEQUENCE_HEADER = 1
// A temporal delimiter OBU (type 2, with an empty size field): what starts each frame of an AV1 stream.
const TEMPORAL_DELIMITER = Buffer.from([0x12, 0x00])

/**
 * The bundled ffmpeg (2018) cannot read HEIF files ("moov atom not found"), but its libaom decoder
 * reads AV1: an AVIF's primary picture (an `av01` item) rewrapped as a one-frame IVF file, which
 * it can decode. Null for a file that is no HEIF; throws an Error in words for a HEIF picture it
 * cannot hand over (HEIC's HEVC, a grid of tiles, a malformed file).
 */
export async function heifFirstImage(file: FileHandle): Promise<Buffer | null> {
  const { size } = await file.stat()
  const head = Buffer.alloc(12)
  await file.read(head, 0, 12, 0)
  if (head.toString('latin1', 4, 8) !== 'ftyp') return null
  let picture: Buffer
  let width = 0
  let height = 0
  try {
    const found = await readHeifItems(file, size)
    if (!found) return null
    const primary = found.items.find((item) => item.id === found.primary)
    if (!primary) throw new Error('the AVIF/HEIF file names no primary picture that it describes')
    if (primary.type !== 'av01') throw new Error(unsupported(primary.type))
    picture = await readHeifItem(file, size, primary)
    const ispe = primary.properties.get('ispe')
    if (ispe && ispe.length >= 12) [width, height] = [ispe.readUInt32BE(4), ispe.readUInt32BE(8)]
    // The item must hold its sequence header; when a writer left it to av1C alone, take it from there.
    const av1C = primary.properties.get('av1C')
    const firstObu = picture.length > 0 ? (picture[0]! >> 3) & 15 : -1
    if (firstObu !== OBU_SEQUENCE_HEADER && av1C && av1C.length > 4)
      picture = Buffer.concat([av1C.subarray(4), picture])
  } catch (error) {
    if (error instanceof Unsure) throw new Error(`the AVIF file's boxes are malformed (${error.message})`)
    throw error
  }
  return ivfOfOneFrame(Buffer.concat([TEMPORAL_DELIMITER, picture]), width, height)
}

function unsupported(type: string): string {
  if (type === 'hvc1' || type === 'hev1') return 'HEIC pictures (HEVC) cannot be decoded by the bundled ffmpeg'
  if (type === 'grid') return 'AVIF pictures made of a grid of tiles cannot be decoded for a thumbnail yet'
  return `the HEIF picture is a '${type}' item, which Framevault cannot decode`
}

/** An IVF file (the plain container AV1 decoders read) holding one AV1 frame. */
function ivfOfOneFrame(frame: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(32 + 12)
  header.write('DKIF', 0, 'latin1')
  header.writeUInt16LE(0, 4)
  header.writeUInt16LE(32, 6)
  header.write('AV01', 8, 'latin1')
  header.writeUInt16LE(Math.min(width, 0xffff), 12)
  header.writeUInt16LE(Math.min(height, 0xffff), 14)
  // A 1/1 time base, one frame; then the frame header: its size and a zero timestamp.
  header.writeUInt32LE(1, 16)
  header.writeUInt32LE(1, 20)
  header.writeUInt32LE(1, 24)
  header.writeUInt32LE(frame.length, 32)
  return Buffer.concat([header, frame])
}
