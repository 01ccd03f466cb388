import type { FileHandle } from 'node:fs/promises'
import { readAt, topLevelBoxes } from './container-boxes'
import { BoxReader, childBoxes, Unsure, type IsoBox } from './iso-boxes'

/** One item of a HEIF file (AVIF, HEIC): its type ('av01', 'hvc1', 'grid', 'Exif', …), where its bytes are, its properties. */
export type HeifItem = {
  id: number
  type: string
  /** Absolute file ranges, in order; the item's bytes are their concatenation. */
  extents: Array<{ offset: number; length: number }>
  /** The item's properties (ispe, av1C, …) by type, each the property box's payload. */
  properties: Map<string, Buffer>
  /** The items it is derived from (iref `dimg`), in order: a grid's tiles. */
  derived: number[]
}

/** A HEIF file's items and which one is the picture it shows. */
export type HeifItems = { primary: number | null; items: HeifItem[] }

/** The meta box of a still picture is small; a larger one is refused rather than read. */
const MAX_META = 16 * 1024 * 1024
/** An item larger than this (a picture, an Exif block) is not read into memory. */
export const MAX_ITEM = 64 * 1024 * 1024

/**
 * A HEIF file's items from its top-level `meta` box (pitm, iinf, iloc, iprp); null when the file has
 * none. Throws `Unsure` (with what is wrong) for a meta box that is malformed or too large.
 */
export async function readHeifItems(file: FileHandle, size: number): Promise<HeifItems | null> {
  const meta = (await topLevelBoxes(file, size, 'iso')).find((box) => box.type === 'meta')
  if (!meta) return null
  if (meta.end > size) throw new Unsure('the meta box runs past the end of the file')
  if (meta.end - meta.start > MAX_META) throw new Unsure(`a ${meta.end - meta.start}-byte meta box`)
  const buf = await readAt(file, meta.start, meta.end - meta.start)
  // meta is a full box: its children follow the version and flags.
  const children = childBoxes(buf, meta.headerSize + 4, buf.length)
  const find = (type: string) => children.find((box) => box.type === type)
  const pitm = find('pitm')
  const idat = find('idat')
  const types = itemTypes(buf, find('iinf'))
  const locations = itemLocations(buf, find('iloc'), meta.start + (idat?.payload ?? 0))
  const properties = itemProperties(buf, find('iprp'))
  const derived = derivations(buf, find('iref'))
  const items = [...types].map(([id, type]) => ({
    id,
    type,
    extents: locations.get(id) ?? [],
    properties: properties.get(id) ?? new Map<string, Buffer>(),
    derived: derived.get(id) ?? [],
  }))
  return { primary: pitm ? primaryId(buf, pitm) : null, items }
}

/** An item's bytes; throws `Unsure` when they lie outside the file or exceed MAX_ITEM. */
export async function readHeifItem(file: FileHandle, size: number, item: HeifItem): Promise<Buffer> {
  const total = item.extents.reduce((sum, extent) => sum + extent.length, 0)
  if (total > MAX_ITEM) throw new Unsure(`a ${total}-byte '${item.type}' item`)
  const parts: Buffer[] = []
  for (const { offset, length } of item.extents) {
    if (offset + length > size) throw new Unsure(`the '${item.type}' item lies past the end of the file`)
    parts.push(await readAt(file, offset, length))
  }
  return Buffer.concat(parts)
}

function fullBoxReader(buf: Buffer, box: IsoBox): { version: number; flags: number; reader: BoxReader } {
  const reader = new BoxReader(buf, box.payload, box.end)
  const versionFlags = reader.u32()
  return { version: versionFlags >>> 24, flags: versionFlags & 0xffffff, reader }
}

function primaryId(buf: Buffer, pitm: IsoBox): number {
  const { version, reader } = fullBoxReader(buf, pitm)
  return version === 0 ? reader.u16() : reader.u32()
}

/** iinf's item infos (infe version 2 and 3: the ones with an item type) as id → type. */
function itemTypes(buf: Buffer, iinf: IsoBox | undefined): Map<number, string> {
  const types = new Map<number, string>()
  if (!iinf) return types
  const { version } = fullBoxReader(buf, iinf)
  for (const infe of childBoxes(buf, iinf.payload + 4 + (version === 0 ? 2 : 4), iinf.end)) {
    if (infe.type !== 'infe') continue
    const { version: infeVersion, reader } = fullBoxReader(buf, infe)
    if (infeVersion < 2) continue
    const id = infeVersion === 2 ? reader.u16() : reader.u32()
    reader.advance(2)
    types.set(id, reader.text(4))
  }
  return types
}

/** iloc's extents as absolute file ranges (construction method 0: file offsets; 1: inside idat). */
function itemLocations(buf: Buffer, iloc: IsoBox | undefined, idatAt: number): Map<number, HeifItem['extents']> {
  const locations = new Map<number, HeifItem['extents']>()
  if (!iloc) return locations
  const { version, reader } = fullBoxReader(buf, iloc)
  const sizes = reader.u8()
  const more = reader.u8()
  const [offsetSize, lengthSize, baseSize] = [sizes >> 4, sizes & 15, more >> 4]
  const indexSize = version === 1 || version === 2 ? more & 15 : 0
  const sized = (bytes: number) => (bytes === 0 ? 0 : bytes === 4 ? reader.u32() : bytes === 8 ? reader.u64() : bad())
  const count = version < 2 ? reader.u16() : reader.u32()
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? reader.u16() : reader.u32()
    const method = version === 1 || version === 2 ? reader.u16() & 15 : 0
    reader.advance(2)
    const base = sized(baseSize)
    const extents: HeifItem['extents'] = []
    for (let n = reader.u16(); n > 0; n--) {
      sized(indexSize)
      const offset = base + sized(offsetSize)
      extents.push({ offset: method === 1 ? idatAt + offset : offset, length: sized(lengthSize) })
    }
    if (method <= 1) locations.set(id, extents)
  }
  return locations
}

/** iprp's properties (ipco) as each item associates them (ipma): id → type → payload. */
function itemProperties(buf: Buffer, iprp: IsoBox | undefined): Map<number, Map<string, Buffer>> {
  const byItem = new Map<number, Map<string, Buffer>>()
  if (!iprp) return byItem
  const children = childBoxes(buf, iprp.payload, iprp.end)
  const ipco = children.find((box) => box.type === 'ipco')
  const listed = ipco ? childBoxes(buf, ipco.payload, ipco.end) : []
  for (const ipma of children.filter((box) => box.type === 'ipma')) {
    const { version, flags, reader } = fullBoxReader(buf, ipma)
    for (let entries = reader.u32(); entries > 0; entries--) {
      const id = version < 1 ? reader.u16() : reader.u32()
      const own = byItem.get(id) ?? new Map<string, Buffer>()
      for (let n = reader.u8(); n > 0; n--) {
        // 1-based property index below the essential bit; 0 means none.
        const index = flags & 1 ? reader.u16() & 0x7fff : reader.u8() & 0x7f
        const property = listed[index - 1]
        if (property && !own.has(property.type)) own.set(property.type, buf.subarray(property.payload, property.end))
      }
      byItem.set(id, own)
    }
  }
  return byItem
}

/** iref's `dimg` references: derived item id → the ids it is made from. */
function derivations(buf: Buffer, iref: IsoBox | undefined): Map<number, number[]> {
  const from = new Map<number, number[]>()
  if (!iref) return from
  const { version } = fullBoxReader(buf, iref)
  for (const reference of childBoxes(buf, iref.payload + 4, iref.end)) {
    const reader = new BoxReader(buf, reference.payload, reference.end)
    const id = () => (version === 0 ? reader.u16() : reader.u32())
    const item = id()
    const to: number[] = []
    for (let n = reader.u16(); n > 0; n--) to.push(id())
    if (reference.type === 'dimg') from.set(item, to)
  }
  return from
}

function bad(): never {
  throw new Unsure('an iloc field of an unknown size')
}
