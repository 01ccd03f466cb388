import { readCacheFile, saveCacheFile } from '../../library/cache-files'
import { CODED, createColumns, RANGED, type FacetColumns } from './facet-columns'
import type { ReadColumns } from './facet-read'
import { membershipPairs, membershipsFrom, type Memberships } from './memberships'

// The facet index as a file, so the next process answers its first media:facets from it (and the change
// log) instead of reading every asset again. A header of JSON, then the typed arrays, 8-byte aligned.
const MAGIC = 'FVFACETS'
// Bumped whenever the columns' meaning or this layout changes: an older file is then read again from the library.
const FORMAT = 4

/** Which database file a snapshot was made from: a library.db replaced by another file does not match. */
export type DatabaseIdentity = string

interface Header {
  format: number
  identity: DatabaseIdentity
  readUpTo: number
  capacity: number
  groupCodes: FacetColumns['groupCodes']
  dictionaries: Record<string, Array<string | number | null>>
  loraNames: Array<string | number | null>
  arrays: Array<{ name: string; type: 'u32' | 'i32' | 'f64'; length: number }>
}

const VIEWS = { u32: Uint32Array, i32: Int32Array, f64: Float64Array } as const
type Typed = Uint32Array | Int32Array | Float64Array

/** The columns' arrays by name; memberships as two arrays of pairs (asset rowid, group id). */
function arraysOf(cols: FacetColumns): Array<{ name: string; values: Typed }> {
  return [
    { name: 'group', values: cols.group },
    ...RANGED.map((name) => ({ name: `ranged.${name}`, values: cols.ranged[name] })),
    { name: 'fts.videoRow', values: cols.ftsRows.videoRow },
    { name: 'fts.ftsRow', values: cols.ftsRows.ftsRow },
    ...pairsOf('tags', cols.tags),
    ...pairsOf('collections', cols.collections),
    ...pairsOf('loras', cols.loras),
  ]
}

function pairsOf(name: string, m: Memberships): Array<{ name: string; values: Typed }> {
  const { rows, ids } = membershipPairs(m)
  return [
    { name: `${name}.rows`, values: rows },
    { name: `${name}.ids`, values: ids },
  ]
}

const typeOf = (values: Typed): Header['arrays'][number]['type'] =>
  values instanceof Float64Array ? 'f64' : values instanceof Int32Array ? 'i32' : 'u32'
const padded = (bytes: number) => Math.ceil(bytes / 8) * 8

/** The columns and their change-log position as the bytes of a snapshot file. */
export function packColumns({ cols, readUpTo }: ReadColumns, identity: DatabaseIdentity): Buffer {
  const arrays = arraysOf(cols)
  const header: Header = {
    format: FORMAT,
    identity,
    readUpTo,
    capacity: cols.capacity,
    groupCodes: cols.groupCodes,
    dictionaries: Object.fromEntries(CODED.map((name) => [name, cols.dictionaries[name].values])),
    loraNames: cols.loraNames.values,
    arrays: arrays.map(({ name, values }) => ({ name, type: typeOf(values), length: values.length })),
  }
  const json = Buffer.from(JSON.stringify(header))
  const start = padded(MAGIC.length + 4 + json.length)
  const out = Buffer.alloc(start + arrays.reduce((sum, { values }) => sum + padded(values.byteLength), 0))
  out.write(MAGIC, 0, 'latin1')
  out.writeUInt32LE(json.length, MAGIC.length)
  json.copy(out, MAGIC.length + 4)
  let at = start
  for (const { values } of arrays) {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at)
    at += padded(values.byteLength)
  }
  return out
}

/** The columns a snapshot holds, or null when the bytes are not a whole snapshot of this format and database. */
export function unpackColumns(bytes: Buffer, identity: DatabaseIdentity): ReadColumns | null {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return null
  const jsonLength = bytes.readUInt32LE(MAGIC.length)
  if (MAGIC.length + 4 + jsonLength > bytes.length) return null
  let header: Header
  try {
    header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength)) as Header
  } catch {
    return null
  }
  if (header.format !== FORMAT || header.identity !== identity) return null
  // A file made before a facet was added to the filter table (browse-model/filters.ts) lacks it: read again.
  if (CODED.some((name) => header.groupCodes[name] === undefined)) return null
  const arrays = new Map<string, Typed>()
  let at = padded(MAGIC.length + 4 + jsonLength)
  for (const { name, type, length } of header.arrays) {
    const View = VIEWS[type]
    const byteLength = length * View.BYTES_PER_ELEMENT
    if (at + byteLength > bytes.length) return null
    arrays.set(name, arrayAt(View, bytes, at, length))
    at += padded(byteLength)
  }
  return columnsFrom(header, arrays)
}

/**
 * The `length` values at byte `at` of the file's bytes: a view where they are aligned for their type (the file
 * pads each array to 8 bytes, and a read file's buffer starts aligned), a copy otherwise. A copy of 58 MB was a
 * third of loading a million assets' snapshot.
 */
function arrayAt(View: (typeof VIEWS)[keyof typeof VIEWS], bytes: Buffer, at: number, length: number): Typed {
  const offset = bytes.byteOffset + at
  if (offset % View.BYTES_PER_ELEMENT === 0) return new View(bytes.buffer as ArrayBuffer, offset, length)
  const values = new View(length)
  new Uint8Array(values.buffer).set(bytes.subarray(at, at + length * View.BYTES_PER_ELEMENT))
  return values
}

function columnsFrom(header: Header, arrays: Map<string, Typed>): ReadColumns | null {
  // The snapshot holds the rowid-sized arrays: made empty, then given them (filling new ones took 150 ms here).
  const cols = createColumns(0)
  cols.capacity = header.capacity
  const group = arrays.get('group')
  const videoRow = arrays.get('fts.videoRow')
  const ftsRow = arrays.get('fts.ftsRow')
  if (!(group instanceof Uint32Array) || group.length !== header.capacity) return null
  if (!(videoRow instanceof Int32Array) || !(ftsRow instanceof Int32Array)) return null
  cols.group = group
  cols.ftsRows = { videoRow, ftsRow }
  for (const name of RANGED) {
    const values = arrays.get(`ranged.${name}`)
    if (!(values instanceof Float64Array) || values.length !== header.capacity) return null
    cols.ranged[name] = values
  }
  for (const name of CODED) {
    for (const value of header.dictionaries[name] ?? []) cols.dictionaries[name].code(value)
    cols.groupCodes[name] = header.groupCodes[name]
  }
  const groups = cols.groupCodes.mediaType.length
  for (let g = 1; g < groups; g++) cols.groupOf.set(CODED.map((name) => cols.groupCodes[name][g]).join(','), g)
  for (const name of header.loraNames ?? []) cols.loraNames.code(name)
  for (const name of ['tags', 'collections', 'loras'] as const) {
    const rows = arrays.get(`${name}.rows`)
    const ids = arrays.get(`${name}.ids`)
    if (!(rows instanceof Uint32Array) || !ids || rows.length !== ids.length) return null
    cols[name] = membershipsFrom(rows, ids)
  }
  return { cols, readUpTo: header.readUpTo }
}

/** Writes a snapshot file (atomically: a crash leaves the old one or none, never half of one). */
export async function saveSnapshot(file: string, read: ReadColumns, identity: DatabaseIdentity): Promise<void> {
  const bytes = packColumns(read, identity)
  await saveCacheFile(file, bytes)
}

/** The snapshot in `file`, or null when there is none or it is not one of this format and database. */
export async function loadSnapshot(file: string, identity: DatabaseIdentity): Promise<ReadColumns | null> {
  const bytes = await readCacheFile(file)
  return bytes === null ? null : unpackColumns(bytes, identity)
}
