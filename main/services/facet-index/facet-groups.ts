import { setImmediate as nextTurn } from 'node:timers/promises'
import type { MediaFilter } from '../../../shared/contract'
import { BOUND_NAMES } from '../../db/repos/facet-groups'
import type { SearchParams } from '../../db/repos/media-search'
import { eachInteger } from '../../db/repos/integer-list'
import { createColumns, RANGED, setRow, type FacetColumns } from './facet-columns'
import { facetCounts, groupStates, KEPT, SKIP, type Counted } from './facet-count'
import type { FacetReader } from './facet-read'
import { selectionFor } from './facet-selection'

// The filters that can leave an asset out besides those countableByGroups refuses: the checkbox facets and ranges.
const NARROWING: ReadonlyArray<keyof SearchParams> = [
  ...(['mediaType', 'sourceType', 'status', 'codec', 'container', 'orientation', 'minRating', 'hasAudio'] as const),
  ...BOUND_NAMES,
]

// Rowids or memberships handled between two turns of the event loop (about 20 ms of work).
const SLICE = 20_000

/**
 * Whether a grouped walk can count this filter state: not when it asks for text, tags, a collection, a
 * health flag or near-duplicates (those need each asset's own row, as the full index holds it).
 */
export function countableByGroups(params: SearchParams, filter: MediaFilter): boolean {
  return (
    params.query === null &&
    params.tags === null &&
    params.collection === null &&
    params.health === null &&
    filter.hasNearDuplicates === undefined
  )
}

/**
 * Counts for a filter state that `countableByGroups` accepts, from one grouped walk of videos_facets on
 * `reader`'s connection (closed at the end), in turns of the event loop: the answer to requests while the
 * full index is first read (a million assets: about 0.5 s here, against seconds for the index). Each
 * combination of facet columns stands as two rows of small columns, its assets with and without
 * near-duplicates, weighted by how many assets they stand for; range filters are tested in the walk.
 */
export async function countByGroups(
  reader: FacetReader,
  params: SearchParams,
  filter: MediaFilter,
): Promise<{ cols: FacetColumns; counted: Counted }> {
  try {
    reader.exec('BEGIN')
    // With no filter every asset counts: tags and collections are counted whole, and no asset's group is needed.
    const narrows = NARROWING.some((name) => params[name] !== null)
    const near = reader.repo.nearDuplicates()
    const nearByKey = narrows ? null : countKeys(reader.groups.nearKeys())
    const groupOfAsset = new Uint32Array(narrows ? reader.repo.maxRowid() + 1 : 0)
    const cols = createColumns(16)
    const weight: number[] = [0]
    const least: number[][] = [[]]
    const most: number[][] = [[]]
    let sinceTurn = 0
    for (const row of reader.groups.eachGroup(params)) {
      const [mediaType, sourceType, status, codec, container, hasAudio, rating, width, height, count] = row
      const without = weight.length
      let withNear = nearByKey?.get(JSON.stringify(row.slice(0, 9))) ?? 0
      if (narrows)
        eachInteger(row[16], (rowid) => {
          const hasNear = near.has(rowid)
          if (hasNear) withNear++
          groupOfAsset[rowid] = hasNear ? without + 1 : without
        })
      for (const [slot, nearValue] of [[without, 0] as const, [without + 1, 1] as const]) {
        setRow(cols, [
          slot,
          mediaType,
          sourceType,
          status,
          codec,
          container,
          hasAudio,
          rating,
          width,
          height,
          null,
          null,
          null,
          null,
          nearValue,
        ])
        weight.push(nearValue === 1 ? withNear : count - withNear)
        least.push([width, height, row[10], row[12], row[14]].map(orNaN))
        most.push([width, height, row[11], row[13], row[15]].map(orNaN))
      }
      sinceTurn += count
      if (sinceTurn >= SLICE) {
        sinceTurn = 0
        await nextTurn()
      }
    }
    const states = groupStates(cols, selectionFor(reader.repo, cols, params, filter, null))
    const keptIn = new Float64Array(states.length)
    const nearIn = new Float64Array(states.length)
    const keptSlot = new Uint8Array(weight.length)
    const ranges = Object.fromEntries(RANGED.map((name) => [name, { min: Infinity, max: -Infinity }]))
    let total = 0
    weight.forEach((w, slot) => {
      const state = states[cols.group[slot]!]!
      if (w === 0 || state === SKIP) return
      if (state !== KEPT) return void (nearIn[cols.group[slot]!] += w)
      keptIn[cols.group[slot]!] += w
      total += w
      keptSlot[slot] = 1
      RANGED.forEach((name, i) => {
        const range = ranges[name]!
        // NaN (a NULL) fails both tests, as the full index's ranges leave it out.
        if (least[slot]![i]! < range.min) range.min = least[slot]![i]!
        if (most[slot]![i]! > range.max) range.max = most[slot]![i]!
      })
    })
    const inKept = (rowid: number) => keptSlot[groupOfAsset[rowid] ?? 0] === 1
    const counted: Counted = {
      total,
      counts: facetCounts(cols, states, keptIn, nearIn),
      tags: narrows ? await countMembers(reader.repo.eachTag(), inKept) : reader.groups.tagTotals(),
      collections: narrows
        ? await countMembers(reader.repo.eachCollection(), inKept)
        : reader.groups.collectionTotals(),
      ranges: ranges as Counted['ranges'],
    }
    return { cols, counted }
  } finally {
    reader.close()
  }
}

/** How many times each combination of facet columns comes (as JSON text). */
function countKeys(keys: unknown[][]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(JSON.stringify(key), (counts.get(JSON.stringify(key)) ?? 0) + 1)
  return counts
}

/** NULL as NaN, as the full index holds it. */
function orNaN(value: number | null): number {
  return value ?? NaN
}

/** How many of the assets `counts` keeps each group (tag, collection) holds, read in turns. */
async function countMembers(
  pairs: IterableIterator<[number, number]>,
  counts: (rowid: number) => boolean,
): Promise<Map<number, number>> {
  const held = new Map<number, number>()
  let sinceTurn = 0
  for (const [rowid, id] of pairs) {
    if (counts(rowid)) held.set(id, (held.get(id) ?? 0) + 1)
    if (++sinceTurn === SLICE) {
      sinceTurn = 0
      await nextTurn()
    }
  }
  return held
}
