import { FACETS, RANGED, type FacetColumns, type RangedName } from './facet-columns'
import { currentLayout, layoutOf, looseLayout, type GroupLayout } from './group-layout'
import { countMarked } from './memberships'

/** A filter state made ready for the columns: which codes each facet keeps, and the other tests. */
export interface Selection {
  /** Per facet (FACETS order), 1 for each code its filter keeps (every code without a filter). */
  keep: Uint8Array[]
  healthKeep: Uint8Array
  /** 1 for each code of the stacked column the filter keeps (0 alone when stacks are collapsed). */
  stackedKeep: Uint8Array
  /** Inclusive bounds per range column; null where the filter does not ask. */
  bounds: Record<RangedName, { min: number; max: number } | null>
  /** 1 for the assets holding every tag asked for; null without a tag filter. */
  tagged: Uint8Array | null
  /** 1 for the assets whose generation used every LoRA asked for; null without a LoRA filter. */
  lorasUsed: Uint8Array | null
  /** 1 for the assets the text query finds; null without one. */
  matched: Uint8Array | null
  /** 1 for the members of the collection filtered on; null without that filter. */
  collected: Uint8Array | null
  /**
   * 1 for the assets the caller may see (members of the collections shared with them) when they are many; null for
   * every asset, or when `visibleRows` lists them.
   */
  visible: Uint8Array | null
  /** The assets the caller may see when they are few, a count walking them alone; null otherwise. */
  visibleRows: readonly number[] | null
  /** The collections the caller may see, the only ones counted; null for every collection. */
  visibleCollections: ReadonlySet<number> | null
}

/** What one pass over the columns gave; counts are per code of each facet's dictionary. */
export interface Counted {
  total: number
  counts: Float64Array[]
  /** Per tag id and per collection id, how many assets they hold among those the filters leave. */
  tags: Map<number, number>
  collections: Map<number, number>
  /** Per LoRA code (the columns' loraNames), how many assets used it among those the filters leave. */
  loras: Map<number, number>
  /** Least and greatest of each range column over what every filter leaves (±Infinity when none). */
  ranges: Record<RangedName, { min: number; max: number }>
}

// What the checkbox filters make of a group: every one holds (KEPT); exactly the facet f fails (f + 1);
// two or more fail, or the health or stacks filter does, or the group has no asset (SKIP).
export const KEPT = 0
export const SKIP = FACETS.length + 1

/**
 * Standard faceting: an asset every filter keeps counts for every facet and the total; one that fails
 * exactly one facet's filter counts for that facet alone (what choosing another value there would leave).
 * Tags count among what every filter leaves (tags combine with AND); collections among what every filter
 * but the collection leaves (one collection is filtered on at a time). The checkbox filters are decided
 * per group; the other tests per asset, walking the groups that are not skipped in the columns' group layout.
 */
export function countFacets(cols: FacetColumns, sel: Selection): Counted {
  const states = groupStates(cols, sel)
  const pass = createPass(cols.capacity, states, sel)
  if (sel.visibleRows !== null) countPlaced(layoutOf(cols, sel.visibleRows), pass, sel)
  else {
    const layout = currentLayout(cols)
    countPlaced(layout, pass, sel)
    if (layout.loose.length > 0) countPlaced(looseLayout(cols, layout), pass, sel)
  }
  const { keptIn, kept, keptButCollection, least, greatest } = pass
  return {
    total: keptIn.reduce((sum, count) => sum + count, 0),
    counts: facetCounts(cols, states, keptIn, pass.nearIn),
    tags: countMarked(cols.tags, kept),
    loras: countMarked(cols.loras, kept),
    collections: visibleOnly(countMarked(cols.collections, keptButCollection), sel.visibleCollections),
    ranges: Object.fromEntries(
      RANGED.map((name, c) => [name, { min: least[c]!, max: greatest[c]! }]),
    ) as Counted['ranges'],
  }
}

/** What a count gathers as it walks: per group the assets kept and those failing one facet alone; marks; ranges. */
interface Pass {
  states: Uint8Array
  /** 1 for the assets the tag, LoRA and text filters keep; null when none is asked for. */
  marked: Uint8Array | null
  collected: Uint8Array | null
  keptIn: Float64Array
  nearIn: Float64Array
  /** 1 for the assets every filter keeps, and for those every filter but the collection keeps. */
  kept: Uint8Array
  keptButCollection: Uint8Array
  /** Least and greatest of each range column over what every filter keeps (NaN, a NULL, is never either). */
  least: Float64Array
  greatest: Float64Array
  /** Room for the positions kept in one group. */
  keptAt: Uint32Array
}

function createPass(capacity: number, states: Uint8Array, sel: Selection): Pass {
  const kept = new Uint8Array(capacity)
  return {
    states,
    marked: markTests(sel),
    collected: sel.collected,
    keptIn: new Float64Array(states.length),
    nearIn: new Float64Array(states.length),
    kept,
    keptButCollection: sel.collected === null ? kept : new Uint8Array(capacity),
    least: new Float64Array(RANGED.length).fill(Infinity),
    greatest: new Float64Array(RANGED.length).fill(-Infinity),
    keptAt: new Uint32Array(0),
  }
}

/**
 * The assets at their positions in `layout`, group by group, loose ones left out. A group whose assets need no
 * test of their own (no text, tag, LoRA, range or collection filter, none of them loose) counts whole, its
 * ranges the layout's; the others test each asset, then take the ranges of those kept one column at a time.
 */
function countPlaced(layout: GroupLayout, pass: Pass, sel: Selection): void {
  const { start, rowAt, looseIn } = layout
  const bounded = boundTests(layout.ranged, sel)
  const whole = pass.marked === null && pass.collected === null && bounded.length === 0
  for (let g = 1; g < start.length - 1; g++) {
    const state = pass.states[g]!
    const from = start[g]!
    const to = start[g + 1]!
    if (state === SKIP || from === to) continue
    if (!whole || looseIn[g]! > 0) {
      countTested(layout, pass, bounded, g, state)
    } else if (state !== KEPT) {
      pass.nearIn[g]! += to - from
    } else {
      pass.keptIn[g]! += to - from
      for (let p = from; p < to; p++) pass.kept[rowAt[p]!] = 1
      for (let c = 0; c < RANGED.length; c++) {
        pass.least[c] = Math.min(pass.least[c]!, layout.least[g * RANGED.length + c]!)
        pass.greatest[c] = Math.max(pass.greatest[c]!, layout.greatest[g * RANGED.length + c]!)
      }
    }
  }
}

/**
 * Group g's assets in `layout` tested a filter at a time over the positions still in, each a tight loop:
 * loose assets and marks, each range filter, then the collection; the ranges of those kept one column at a time.
 */
function countTested(layout: GroupLayout, pass: Pass, bounded: BoundTest[], g: number, state: number): void {
  const { rowAt } = layout
  let left = positionsMarked(layout, pass, g)
  for (const test of bounded) left = keepWithin(pass.keptAt, left, test)
  if (pass.collected !== null) left = keepCollected(rowAt, pass, left, state === KEPT)
  if (state !== KEPT) {
    pass.nearIn[g]! += left
    return
  }
  pass.keptIn[g]! += left
  const { keptAt, kept, least, greatest } = pass
  for (let k = 0; k < left; k++) kept[rowAt[keptAt[k]!]!] = 1
  for (let c = 0; c < RANGED.length; c++) {
    const values = layout.ranged[c]!
    let low = least[c]!
    let high = greatest[c]!
    for (let k = 0; k < left; k++) {
      const value = values[keptAt[k]!]!
      if (value < low) low = value
      if (value > high) high = value
    }
    least[c] = low
    greatest[c] = high
  }
}

/** Puts in `pass.keptAt` the positions of group g that are not loose and that the marks keep; returns how many. */
function positionsMarked(layout: GroupLayout, pass: Pass, g: number): number {
  const { rowAt, isLoose } = layout
  const from = layout.start[g]!
  const to = layout.start[g + 1]!
  if (pass.keptAt.length < to - from) pass.keptAt = new Uint32Array(to - from)
  const { marked, keptAt } = pass
  const skipLoose = layout.looseIn[g]! > 0
  let left = 0
  if (marked === null && !skipLoose) for (let p = from; p < to; p++) keptAt[left++] = p
  else {
    for (let p = from; p < to; p++) {
      const rowid = rowAt[p]!
      if (!(skipLoose && isLoose[rowid] === 1) && (marked === null || marked[rowid] === 1)) keptAt[left++] = p
    }
  }
  return left
}

/**
 * Keeps the first `left` positions of `keptAt` whose value lies within the bounds (NaN, a NULL, fails, as in
 * SQL); returns how many. Without a branch on the test: half the values pass at random, a branch guesses wrong.
 */
function keepWithin(keptAt: Uint32Array, left: number, { values, min, max }: BoundTest): number {
  let still = 0
  for (let k = 0; k < left; k++) {
    const p = keptAt[k]!
    const value = values[p]!
    keptAt[still] = p
    still += Number(value >= min) & Number(value <= max)
  }
  return still
}

/** Keeps the positions whose asset is in the collection, marking first those every other filter keeps. */
function keepCollected(rowAt: Uint32Array, pass: Pass, left: number, keptByOthers: boolean): number {
  const { keptAt, collected, keptButCollection } = pass
  let still = 0
  for (let k = 0; k < left; k++) {
    const rowid = rowAt[keptAt[k]!]!
    if (keptByOthers) keptButCollection[rowid] = 1
    if (collected![rowid] === 1) keptAt[still++] = keptAt[k]!
  }
  return still
}

/** KEPT, f + 1 or SKIP for each group, from the checkbox filters and the health and stacks filters. */
export function groupStates(cols: FacetColumns, sel: Selection): Uint8Array {
  const { groupCodes } = cols
  const codes = FACETS.map((name) => groupCodes[name])
  const states = new Uint8Array(groupCodes.mediaType.length).fill(SKIP)
  for (let g = 1; g < states.length; g++) {
    if (sel.healthKeep[groupCodes.health[g]!] === 0 || sel.stackedKeep[groupCodes.stacked[g]!] === 0) continue
    let failing = KEPT
    for (let f = 0; f < codes.length && failing !== SKIP; f++) {
      if (sel.keep[f]![codes[f]![g]!] === 0) failing = failing === KEPT ? f + 1 : SKIP
    }
    states[g] = failing
  }
  return states
}

/** Per facet and code: the assets of kept groups, and those of groups failing that facet alone. */
export function facetCounts(cols: FacetColumns, states: Uint8Array, keptIn: Float64Array, nearIn: Float64Array) {
  const counts = FACETS.map((name) => new Float64Array(cols.dictionaries[name].values.length))
  for (let g = 1; g < states.length; g++) {
    const state = states[g]!
    if (state === SKIP) continue
    FACETS.forEach((name, f) => {
      if (state === KEPT) counts[f]![cols.groupCodes[name][g]!] += keptIn[g]!
      else if (state === f + 1) counts[f]![cols.groupCodes[name][g]!] += nearIn[g]!
    })
  }
  return counts
}

/** 1 for each asset that the tag, LoRA and text filters keep, one array for all; null when none is asked for. */
function markTests(sel: Selection): Uint8Array | null {
  let ok: Uint8Array | null = null
  for (const marks of [sel.tagged, sel.lorasUsed, sel.matched, sel.visible]) {
    if (marks === null) continue
    if (ok === null) ok = marks.slice()
    else for (let r = 0; r < ok.length; r++) ok[r] = ok[r]! & marks[r]!
  }
  return ok
}

/** The counts of the collections the caller may see alone (a private collection's id and size are not told). */
function visibleOnly(counts: Map<number, number>, visible: ReadonlySet<number> | null): Map<number, number> {
  if (visible === null) return counts
  for (const id of counts.keys()) if (!visible.has(id)) counts.delete(id)
  return counts
}

interface BoundTest {
  values: Float64Array
  min: number
  max: number
}

/** The range filters asked for: each column's values (`ranged`, in RANGED order) and inclusive bounds. */
function boundTests(ranged: Float64Array[], sel: Selection): BoundTest[] {
  return RANGED.flatMap((name, c) => {
    const bounds = sel.bounds[name]
    return bounds === null ? [] : [{ values: ranged[c]!, ...bounds }]
  })
}
