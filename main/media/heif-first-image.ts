import type { FileHandle } from 'node:fs/promises'
import { readHeifItem, readHeifItems, type HeifItem } from './heif-items'
import { Unsure } from './iso-boxes'

/** How the frames of a gridded picture go together: `columns`×`rows` tiles, cropped to width×height. */
export type HeifGrid = { columns: number; rows: number; width: number; height: number }

/**
 * A HEIF picture as ffmpeg can decode it: an IVF file of AV1 frames (one, or a grid's tiles in order). `rgb`: its
 * colours are coded as G, B and R planes (matrix coefficients 0), which the decoder hands over as if Y, U and V.
 */
export type HeifPicture = { ivf: Buffer; grid?: HeifGrid; rgb: boolean }

const OBU_SEQUENCE_HEADER = 1
// A temporal delimiter OBU (type 2, with an empty size field): what starts each frame of an AV1 stream.
const TEMPORAL_DELIMITER = Buffer.from([0x12, 0x00])
// More tiles than this is no picture a thumbnail should decode (a 256-tile grid is 128 MP at 512 px tiles).
const MAX_TILES = 256

/**
 * The bundled ffmpeg (2018) cannot read HEIF files ("moov atom not found"), but its libaom decoder
 * reads AV1: an AVIF's primary picture (an `av01` item, or a `grid` of them) rewrapped as an IVF
 * file, which it can decode. Null for a file that is no HEIF; throws an Error in words for a HEIF
 * picture it cannot hand over (HEIC's HEVC, a malformed file).
 */
export async function heifFirstImage(file: FileHandle): Promise<HeifPicture | null> {
  const { size } = await file.stat()
  const head = Buffer.alloc(12)
  await file.read(head, 0, 12, 0)
  if (head.toString('latin1', 4, 8) !== 'ftyp') return null
  try {
    const found = await readHeifItems(file, size)
    if (!found) return null
    const byId = new Map(found.items.map((item) => [item.id, item]))
    const primary = found.primary === null ? undefined : byId.get(found.primary)
    if (!primary) throw new Error('the AVIF/HEIF file names no primary picture that it describes')
    const rgb = rgbCoded(primary)
    if (primary.type === 'av01') return { ivf: ivf([await av1Frame(file, size, primary)]), rgb }
    if (primary.type !== 'grid') throw new Error(unsupported(primary.type))
    const grid = gridLayout(await readHeifItem(file, size, primary))
    const tiles = primary.derived.map((id) => byId.get(id))
    if (tiles.length !== grid.columns * grid.rows || tiles.length > MAX_TILES) {
      throw new Error(`the AVIF grid declares ${grid.columns}x${grid.rows} tiles but lists ${tiles.length}`)
    }
    const frames: Buffer[] = []
    for (const tile of tiles) {
      if (tile?.type !== 'av01') throw new Error(unsupported(tile?.type ?? 'missing'))
      frames.push(await av1Frame(file, size, tile))
    }
    return { ivf: ivf(frames), grid, rgb: rgb || tiles.some((tile) => rgbCoded(tile!)) }
  } catch (error) {
    if (error instanceof Unsure) throw new Error(`the AVIF file's boxes are malformed (${error.message})`)
    throw error
  }
}

/** One AV1 frame of an `av01` item; the item must hold its sequence header, else it is taken from av1C. */
async function av1Frame(file: FileHandle, size: number, item: HeifItem): Promise<Buffer> {
  const data = await readHeifItem(file, size, item)
  const av1C = item.properties.get('av1C')
  const firstObu = data.length > 0 ? (data[0]! >> 3) & 15 : -1
  const header = firstObu !== OBU_SEQUENCE_HEADER && av1C && av1C.length > 4 ? av1C.subarray(4) : Buffer.alloc(0)
  return Buffer.concat([TEMPORAL_DELIMITER, header, data])
}

/** Whether an item's `colr` property (nclx: primaries, transfer, matrix, range) says matrix coefficients 0: RGB. */
function rgbCoded(item: HeifItem): boolean {
  const colr = item.properties.get('colr')
  return (
    colr !== undefined && colr.length >= 10 && colr.toString('latin1', 0, 4) === 'nclx' && colr.readUInt16BE(8) === 0
  )
}

/** A grid item's payload: version, flags (bit 0: 32-bit sizes), rows - 1, columns - 1, output width and height. */
function gridLayout(data: Buffer): HeifGrid {
  const wide = data.length >= 4 && (data[1]! & 1) === 1
  if (data.length < (wide ? 12 : 8)) throw new Error('the AVIF grid item is cut off')
  const width = wide ? data.readUInt32BE(4) : data.readUInt16BE(4)
  const height = wide ? data.readUInt32BE(8) : data.readUInt16BE(6)
  return { rows: data[2]! + 1, columns: data[3]! + 1, width, height }
}

function unsupported(type: string): string {
  if (type === 'hvc1' || type === 'hev1') return 'HEIC pictures (HEVC) cannot be decoded by the bundled ffmpeg'
  return `the HEIF picture is a '${type}' item, which Framevault cannot decode`
}

/** An IVF file (the plain container AV1 decoders read) of the given AV1 frames, one a second. */
function ivf(frames: Buffer[]): Buffer {
  const header = Buffer.alloc(32)
  header.write('DKIF', 0, 'latin1')
  header.writeUInt16LE(32, 6)
  header.write('AV01', 8, 'latin1')
  // Width and height stay 0: the decoder takes them from the sequence header. A 1/1 time base.
  header.writeUInt32LE(1, 16)
  header.writeUInt32LE(1, 20)
  header.writeUInt32LE(frames.length, 24)
  const parts: Buffer[] = [header]
  frames.forEach((frame, index) => {
    const frameHeader = Buffer.alloc(12)
    frameHeader.writeUInt32LE(frame.length, 0)
    frameHeader.writeUInt32LE(index, 4)
    parts.push(frameHeader, frame)
  })
  return Buffer.concat(parts)
}
