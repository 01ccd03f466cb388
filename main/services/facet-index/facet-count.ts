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
  const { group } = cols
  const states = groupStates(cols, sel)
  const keptIn = new Float64Array(states.length)
  const nearIn = new Float64Array(states.length)
  const marked = markTests(sel)
  const bounded = boundTests(cols, sel)
  const { collected } = sel
  const kept = new Uint8Array(n)
  const keptButCollection = collected === null ? kept : new Uint8Array(n)
  // The ranges of what every filter keeps, gathered in the same pass (NaN, a NULL, is never least or greatest).
  const columns = RANGED.map((name) => cols.ranged[name])
  const least = new Float64Array(columns.length).fill(Infinity)
  const greatest = new Float64Array(columns.length).fill(-Infinity)
  let keptCount = 0
  rows: for (let r = 0; r < n; r++) {
    const g = group[r]!
    const state = states[g]!
    if (state === SKIP || (marked !== null && marked[r] === 0)) continue
    // A range filter fails NaN (a NULL), as SQL does.
    for (let b = 0; b < bounded.length; b++) {
      const { values, min, max } = bounded[b]!
      if (!(values[r]! >= min && values[r]! <= max)) continue rows
    }
    if (state === KEPT) keptButCollection[r] = 1
    if (collected !== null && collected[r] === 0) continue
    if (state !== KEPT) {
      nearIn[g]++
      continue
    }
    kept[r] = 1
    keptCount++
    keptIn[g]++
    for (let c = 0; c < columns.length; c++) {
      const value = columns[c]![r]!
      if (value < least[c]!) least[c] = value
      if (value > greatest[c]!) greatest[c] = value
    }
  }
  return {
    total: keptCount,
    counts: facetCounts(cols, states, keptIn, nearIn),
    tags: countMarked(cols.tags, kept),
    loras: countMarked(cols.loras, kept),
    collections: countMarked(cols.collections, keptButCollection),
    ranges: Object.fromEntries(
      RANGED.map((name, c) => [name, { min: least[c]!, max: greatest[c]! }]),
    ) as Counted['ranges'],
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

/** 1 for each asset that the tag, LoRA and text filters keep, one array for all; null when none is asked for. */
function markTests(sel: Selection): Uint8Array | null {
  let ok: Uint8Array | null = null
  for (const marks of [sel.tagged, sel.lorasUsed, sel.matched]) {
    if (marks === null) continue
    if (ok === null) ok = marks.slice()
    else for (let r = 0; r < ok.length; r++) ok[r] = ok[r]! & marks[r]!
  }
  return ok
}

/** The range filters asked for: each column's values and inclusive bounds. */
function boundTests(cols: FacetColumns, sel: Selection): Array<{ values: Float64Array; min: number; max: number }> {
  return RANGED.flatMap((name) => {
    const bounds = sel.bounds[name]
    return bounds === null ? [] : [{ values: cols.ranged[name], ...bounds }]
  })
}
