import { TABLE_FACETS_AT, type FacetRow } from '../../db/browse-model/facet-row'
import { TABLE_FACETS } from '../../db/browse-model/filters'
import { createFtsRows, type FtsRows } from './fts-rows'
import type { GroupLayout } from './group-layout'
import { addMemberships, createMemberships, dropMemberships, type Memberships } from './memberships'

/** The facets counted per value. */
export const FACETS = [
  'mediaType',
  'sourceType',
  'status',
  'codec',
  'container',
  'orientation',
  'hasAudio',
  'rating',
  'hasNearDuplicates',
  'provider',
  'model',
  'sampler',
  'steps',
  'hasWorkflow',
  ...TABLE_FACETS.map((filter) => filter.name),
] as const
/**
 * The facets, the health filter and whether the asset stands under its stack's head (what "Stack related
 * files" leaves out): the columns an asset's group is made of.
 */
export const CODED = [...FACETS, 'health', 'stacked'] as const
export type CodedName = (typeof CODED)[number]
/** The columns filtered by range, as numbers (NaN for NULL; imports as epoch milliseconds). */
export const RANGED = ['width', 'height', 'duration', 'size', 'imported'] as const
export type RangedName = (typeof RANGED)[number]

/** Values of one column as codes 1, 2, …; code 0 is NULL. */
export interface Dictionary {
  readonly values: Array<string | number | null>
  code(value: string | number | null): number
}

/**
 * The library's assets by rowid: each one's group (1, 2, …: its combination of the CODED values; 0 for a
 * rowid with no asset), its range columns, tags and collections. A filter over the CODED columns then
 * holds or fails for a whole group, so a request tests a few thousand groups, not a million assets.
 * At a million assets: about 50 MB, read in one walk of an index.
 */
export interface FacetColumns {
  capacity: number
  group: Uint32Array
  /** Per CODED column, the code of each group (index 0 unused). */
  groupCodes: Record<CodedName, number[]>
  ranged: Record<RangedName, Float64Array>
  dictionaries: Record<CodedName, Dictionary>
  /** Which tags each asset carries. */
  tags: Memberships
  /** Which collections each asset is in. */
  collections: Memberships
  /** Which LoRAs each asset's generation used, by their code in `loraNames`. */
  loras: Memberships
  loraNames: Dictionary
  /** Which asset each full-text rowid stands for. */
  ftsRows: FtsRows
  /** The group of each combination of codes (joined with commas). */
  groupOf: Map<string, number>
  /** The group the last asset stored went to, and its codes. */
  lastGroup: { group: number; codes: number[] } | null
  /** The range columns in group order, made at the first count (group-layout.ts). */
  layout: GroupLayout | null
}

/** Empty columns with room for rowids below `capacity`. */
export function createColumns(capacity: number): FacetColumns {
  const steps = createColumnsInSteps(capacity, Infinity)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * Empty columns with room for rowids below `capacity`, yielding after each `slice` values of the range columns
 * are set to NaN: at a million rowids they are 40 MB, whose first writes held the event loop 150 ms in one go.
 */
export function* createColumnsInSteps(capacity: number, slice: number): Generator<void, FacetColumns> {
  const size = Math.max(capacity, 16)
  const ranged = Object.fromEntries(RANGED.map((name) => [name, new Float64Array(size)])) as FacetColumns['ranged']
  for (const values of Object.values(ranged)) {
    for (let at = 0; at < size; at += slice) {
      values.fill(NaN, at, at + slice)
      if (at + slice < size) yield
    }
  }
  return {
    capacity: size,
    group: new Uint32Array(size),
    groupCodes: Object.fromEntries(CODED.map((name) => [name, [0]])) as FacetColumns['groupCodes'],
    ranged,
    dictionaries: Object.fromEntries(CODED.map((name) => [name, createDictionary()])) as FacetColumns['dictionaries'],
    tags: createMemberships(),
    collections: createMemberships(),
    loras: createMemberships(),
    loraNames: createDictionary(),
    ftsRows: createFtsRows(),
    groupOf: new Map(),
    lastGroup: null,
    layout: null,
  }
}

/** Makes room for `rowid`, growing every array by half again (or to fit) when it is past the end. */
function ensureRoom(cols: FacetColumns, rowid: number): void {
  if (rowid < cols.capacity) return
  const size = Math.max(rowid + 1, Math.ceil(cols.capacity * 1.5))
  const group = new Uint32Array(size)
  group.set(cols.group)
  cols.group = group
  for (const name of RANGED) {
    const values = new Float64Array(size).fill(NaN)
    values.set(cols.ranged[name])
    cols.ranged[name] = values
  }
  cols.capacity = size
}

/** Stores one asset's facet columns. */
export function setRow(cols: FacetColumns, row: FacetRow): void {
  const [rowid, mediaType, sourceType, status, codec, container, hasAudio, rating, width, height] = row
  ensureRoom(cols, rowid)
  const d = cols.dictionaries
  const codes = [
    d.mediaType.code(mediaType),
    d.sourceType.code(sourceType),
    d.status.code(status),
    d.codec.code(codec),
    d.container.code(container),
    d.orientation.code(orientationOf(width, height)),
    d.hasAudio.code(hasAudio),
    d.rating.code(rating),
    d.hasNearDuplicates.code(row[14]),
    d.provider.code(row[15]),
    d.model.code(row[16]),
    d.sampler.code(row[17]),
    d.steps.code(row[18]),
    d.hasWorkflow.code(row[19]),
    ...TABLE_FACETS.map(({ name }, i) => d[name].code(row[TABLE_FACETS_AT + i] ?? null)),
    d.health.code(row[13]),
    d.stacked.code(row[20]),
  ]
  const last = cols.lastGroup
  // The full read walks videos_facets in key order: most assets are in the group of the one before.
  cols.group[rowid] = last && codes.every((code, i) => code === last.codes[i]) ? last.group : groupFor(cols, codes)
  const { ranged } = cols
  ranged.width[rowid] = width ?? NaN
  ranged.height[rowid] = height ?? NaN
  ranged.duration[rowid] = row[10] ?? NaN
  ranged.size[rowid] = row[11] ?? NaN
  ranged.imported[rowid] = row[12] ?? NaN
}

/**
 * Marks an asset that was in group `group` loose in the layout (once): the positions the layout gave it hold
 * its old group and values.
 */
function markLoose(cols: FacetColumns, layout: GroupLayout, rowid: number, group: number): void {
  if (layout.isLoose[rowid] === 1) return
  if (rowid >= layout.isLoose.length) {
    const grown = new Uint8Array(cols.capacity)
    grown.set(layout.isLoose)
    layout.isLoose = grown
  }
  layout.isLoose[rowid] = 1
  layout.loose.push(rowid)
  if (group < layout.looseIn.length) layout.looseIn[group]!++
}

/** An asset's group and range values as one string, to tell whether reading it again changed them. */
function placedAs(cols: FacetColumns, rowid: number): string {
  if (rowid >= cols.capacity) return ''
  return [cols.group[rowid], ...RANGED.map((name) => cols.ranged[name][rowid])].join(',')
}

/** Forgets an asset (deleted, or about to be read again): its group, tags and collections. */
export function clearRow(cols: FacetColumns, rowid: number): void {
  if (rowid >= cols.capacity) return
  cols.group[rowid] = 0
  dropMemberships(cols.tags, rowid)
  dropMemberships(cols.collections, rowid)
  dropMemberships(cols.loras, rowid)
}

/** What was read again of some assets: their facet rows (those still present) and memberships. */
export interface RowsRead {
  rows: readonly FacetRow[]
  tags: ReadonlyArray<readonly [number, number]>
  collections: ReadonlyArray<readonly [number, number]>
  loras: ReadonlyArray<readonly [number, string]>
}

/**
 * Replaces what the columns hold of these assets by what was read of them again (a deleted one is left out).
 * Those whose group or range values changed are loose in the layout from then on.
 */
export function replaceRows(cols: FacetColumns, rowids: readonly number[], read: RowsRead): void {
  const { layout } = cols
  const before = layout === null ? [] : rowids.map((rowid) => placedAs(cols, rowid))
  const groupsBefore = rowids.map((rowid) => (rowid < cols.capacity ? cols.group[rowid]! : 0))
  for (const rowid of rowids) clearRow(cols, rowid)
  for (const row of read.rows) setRow(cols, row)
  addMemberships(cols.tags, read.tags)
  addMemberships(cols.collections, read.collections)
  addLoras(cols, read.loras)
  if (layout === null) return
  rowids.forEach((rowid, i) => {
    if (placedAs(cols, rowid) !== before[i]) markLoose(cols, layout, rowid, groupsBefore[i]!)
  })
}

/** Adds (asset rowid, LoRA name) pairs to the LoRA memberships. */
export function addLoras(cols: FacetColumns, pairs: ReadonlyArray<readonly [number, string]>): void {
  addMemberships(
    cols.loras,
    pairs.map(([rowid, name]) => [rowid, cols.loraNames.code(name)] as const),
  )
}

/** The group of this combination of codes, made when new. */
function groupFor(cols: FacetColumns, codes: number[]): number {
  const key = codes.join(',')
  let group = cols.groupOf.get(key)
  if (group === undefined) {
    group = cols.groupCodes.mediaType.length
    CODED.forEach((name, index) => cols.groupCodes[name].push(codes[index]!))
    cols.groupOf.set(key, group)
  }
  cols.lastGroup = { group, codes }
  return group
}

function createDictionary(): Dictionary {
  const codes = new Map<string | number, number>()
  const values: Array<string | number | null> = [null]
  return {
    values,
    code(value) {
      if (value === null) return 0
      let code = codes.get(value)
      if (code === undefined) {
        code = values.length
        codes.set(value, code)
        values.push(value)
      }
      return code
    },
  }
}

/** Migration 0060's generated `orientation`, from width and height. */
function orientationOf(width: number | null, height: number | null): string | null {
  if (width === null || height === null) return null
  return width > height ? 'landscape' : width < height ? 'portrait' : 'square'
}
