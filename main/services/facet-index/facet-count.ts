import { FACETS, RANGED, type FacetColumns, type RangedName } from './facet-columns'
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
 * per group; one pass over the assets applies the others and counts per group.
 */
export function countFacets(cols: FacetColumns, sel: Selection): Counted {
  const n = cols.capacity
  const { group, ranged } = cols
  const states = groupStates(cols, sel)
  const keptIn = new Float64Array(states.length)
  const nearIn = new Float64Array(states.length)
  const rowOk = rowTests(cols, sel)
  const { collected } = sel
  const kept = new Uint8Array(n)
  const keptButCollection = collected === null ? kept : new Uint8Array(n)
  // The kept assets' rowids, in a list for the ranges: fewer than all assets when a filter is set.
  const keptRows = new Uint32Array(n)
  let keptCount = 0
  for (let r = 0; r < n; r++) {
    const g = group[r]!
    const state = states[g]!
    if (state === SKIP || (rowOk !== null && rowOk[r] === 0)) continue
    if (state === KEPT) keptButCollection[r] = 1
    if (collected !== null && collected[r] === 0) continue
    if (state === KEPT) {
      kept[r] = 1
      keptRows[keptCount++] = r
      keptIn[g]++
    } else nearIn[g]++
  }
  const rows = keptRows.subarray(0, keptCount)
  return {
    total: keptCount,
    counts: facetCounts(cols, states, keptIn, nearIn),
    tags: countMarked(cols.tags, kept),
    loras: countMarked(cols.loras, kept),
    collections: countMarked(cols.collections, keptButCollection),
    ranges: Object.fromEntries(RANGED.map((name) => [name, rangeOf(ranged[name], rows)])) as Counted['ranges'],
  }
}

/** KEPT, f + 1 or SKIP for each group, from the checkbox filters and the health and stacks filters. */
export function groupStates(cols: FacetColumns, sel: Selection): Uint8Array {
  const { groupCodes } = cols
  const states = new Uint8Array(groupCodes.mediaType.length).fill(SKIP)
  for (let g = 1; g < states.length; g++) {
    if (sel.healthKeep[groupCodes.health[g]!] === 0 || sel.stackedKeep[groupCodes.stacked[g]!] === 0) continue
    const failing = FACETS.flatMap((name, f) => (sel.keep[f]![groupCodes[name][g]!] === 0 ? [f] : []))
    if (failing.length === 0) states[g] = KEPT
    else if (failing.length === 1) states[g] = failing[0]! + 1
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

/**
 * 1 for each asset that the tag, text and range filters keep, each applied in a pass of its own over
 * one array; null when none of them is asked for. A range filter fails NaN (a NULL), as SQL does.
 */
function rowTests(cols: FacetColumns, sel: Selection): Uint8Array | null {
  let ok: Uint8Array | null = null
  for (const marks of [sel.tagged, sel.lorasUsed, sel.matched]) {
    if (marks === null) continue
    if (ok === null) ok = marks.slice()
    else for (let r = 0; r < ok.length; r++) ok[r] = ok[r]! & marks[r]!
  }
  for (const name of RANGED) {
    const bounds = sel.bounds[name]
    if (bounds === null) continue
    const values = cols.ranged[name]
    const { min, max } = bounds
    if (ok === null) ok = new Uint8Array(cols.capacity).fill(1)
    for (let r = 0; r < ok.length; r++) if (!(values[r]! >= min && values[r]! <= max)) ok[r] = 0
  }
  return ok
}

/** Least and greatest value of these assets (NaN, a NULL, is never either); ±Infinity when none. */
function rangeOf(values: Float64Array, rows: Uint32Array): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < rows.length; i++) {
    const value = values[rows[i]!]!
    if (value < min) min = value
    if (value > max) max = value
  }
  return { min, max }
}
