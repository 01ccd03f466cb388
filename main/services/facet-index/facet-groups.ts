import { setImmediate as nextTurn } from 'node:timers/promises'
import type { MediaFilter } from '../../../shared/contract'
import {
  BOUND_NAMES,
  GROUP_TABLE_FACETS_AT,
  type FacetGroupRow,
  type FacetGroupsRepo,
  type RangeEnds,
  type RangeValues,
} from '../../db/repos/facet-groups'
import type { FacetRow, GenerationColumns } from '../../db/browse-model/facet-row'
import { TABLE_FACETS } from '../../db/browse-model/filters'
import type { SearchParams } from '../../db/browse-model/search-params'
import { eachInteger } from '../../db/repos/integer-list'
import { createColumns, RANGED, setRow, type FacetColumns } from './facet-columns'
import { facetCounts, groupStates, KEPT, SKIP, type Counted } from './facet-count'
import type { FacetReader } from './facet-read'
import { selectionFor } from './facet-selection'

// The filters that can leave an asset out besides those countableByGroups refuses: the checkbox facets (the filter
// table's too) and ranges.
const NARROWING: ReadonlyArray<keyof SearchParams> = [
  ...(['mediaType', 'sourceType', 'status', 'codec', 'container', 'orientation', 'minRating', 'hasAudio'] as const),
  ...TABLE_FACETS.map((filter) => filter.name),
  'collapseStacks',
  ...BOUND_NAMES,
]

// Rowids or memberships handled between two turns of the event loop (about 20 ms of work).
const SLICE = 20_000

/**
 * Whether a grouped walk can count this filter state: not when it asks for text, tags, a collection (or the
 * caller sees only some collections' members), a
 * health flag, near-duplicates or generation details (those need each asset's own row, as the full index
 * holds it, for the ranges of what they leave).
 */
export function countableByGroups(params: SearchParams, filter: MediaFilter): boolean {
  return (
    params.query === null &&
    params.tags === null &&
    params.collection === null &&
    params.visibleIn === null &&
    params.health === null &&
    filter.hasNearDuplicates === undefined &&
    GENERATION_FILTERS.every((name) => params[name] === null)
  )
}

const GENERATION_FILTERS = ['provider', 'model', 'sampler', 'steps', 'loras', 'hasWorkflow'] as const
// Generation facets of an asset with no generation details.
const NONE: GenerationColumns = [null, null, null, null]

/**
 * Counts for a filter state that `countableByGroups` accepts, from one grouped walk of videos_facets on
 * `reader`'s connection (closed at the end), in turns of the event loop: the answer to requests while the
 * full index is first read (a million assets: about 0.5 s here, against seconds for the index). Each
 * combination of facet columns stands as a few rows of small columns (its assets split by near-duplicates,
 * generation facets and stacks), weighted by how many assets they stand for; range filters are tested in the walk.
 */
export async function countByGroups(
  reader: FacetReader,
  params: SearchParams,
  filter: MediaFilter,
): Promise<{ cols: FacetColumns; counted: Counted }> {
  try {
    reader.exec('BEGIN')
    const narrows = NARROWING.some((name) => params[name] !== null)
    const near = reader.repo.nearDuplicates()
    const generation = reader.repo.generation()
    const withWorkflow = reader.repo.withWorkflow()
    const stacked = reader.repo.stacked()
    // Each asset's group is needed to count memberships among what filters leave, and to split groups by
    // generation facets or stacks; with none of these, near-duplicates are split by their combinations alone.
    // The table's facets (imported_by) are part of a group row's combination: no per-asset work of their own.
    const perAsset = narrows || generation.size > 0 || withWorkflow.size > 0 || stacked.size > 0
    // Collapsed stacks leave their members out of counts and ranges: a combination's ranges may then end at a member.
    const members = params.collapseStacks === null ? new Map() : reader.groups.valuesOf([...stacked])
    const nearByKey = perAsset ? null : countKeys(reader.groups.nearKeys())
    const groupOfAsset = new Uint32Array(perAsset ? reader.repo.maxRowid() + 1 : 0)
    const cols = createColumns(16)
    const weight: number[] = [0]
    const least: number[][] = [[]]
    const most: number[][] = [[]]
    let sinceTurn = 0
    for (const row of reader.groups.eachGroup(params)) {
      const count = row[9]
      const own = row.slice(GROUP_TABLE_FACETS_AT)
      const slots = new Map<string, number>()
      const besidesMembers: number[] = []
      const slotOf = (nearValue: number, made: GenerationColumns, linked: number, member = 0) => {
        const key = `${nearValue}${linked}${member}${JSON.stringify(made)}`
        let slot = slots.get(key)
        if (slot === undefined) {
          slot = weight.length
          slots.set(key, slot)
          if (member === 0) besidesMembers.push(slot)
          const columns = [...row.slice(0, 9), null, null, null, null, nearValue, ...made, linked, member, ...own]
          setRow(cols, [slot, ...columns] as FacetRow)
          weight.push(0)
          least.push([row[7], row[8], row[10], row[12], row[14]].map(orNaN))
          most.push([row[7], row[8], row[11], row[13], row[15]].map(orNaN))
        }
        return slot
      }
      if (perAsset) {
        const plain = slotOf(0, NONE, 0)
        const held: number[] = []
        eachInteger(row[16], (rowid) => {
          const nearValue = near.has(rowid) ? 1 : 0
          const made = generation.get(rowid)
          const linked = withWorkflow.has(rowid) ? 1 : 0
          const member = stacked.has(rowid) ? 1 : 0
          const slot =
            nearValue === 0 && !made && linked === 0 && member === 0
              ? plain
              : slotOf(nearValue, made ?? NONE, linked, member)
          weight[slot]!++
          groupOfAsset[rowid] = slot
          if (member === 1 && members.has(rowid)) held.push(rowid)
        })
        const ends = endsBesideMembers(reader.groups, row, held, members)
        for (const slot of ends === null ? [] : besidesMembers) {
          least[slot]!.splice(2, 3, ...[ends![0], ends![2], ends![4]].map(orNaN))
          most[slot]!.splice(2, 3, ...[ends![1], ends![3], ends![5]].map(orNaN))
        }
      } else {
        const withNear = nearByKey?.get(JSON.stringify([...row.slice(0, 9), ...own])) ?? 0
        weight[slotOf(0, NONE, 0)] += count - withNear
        if (withNear > 0) weight[slotOf(1, NONE, 0)] += withNear
      }
      sinceTurn += count
      if (sinceTurn >= SLICE) {
        sinceTurn = 0
        await nextTurn()
      }
    }
    const states = groupStates(cols, selectionFor(reader.repo.tagIds, cols, params, filter, null))
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
    const loraPairs = perAsset ? reader.repo.eachLora() : [].values()
    const counted: Counted = {
      total,
      counts: facetCounts(cols, states, keptIn, nearIn),
      tags: narrows ? await countMembers(reader.repo.eachTag(), inKept) : reader.groups.tagTotals(),
      collections: narrows
        ? await countMembers(reader.repo.eachCollection(), inKept)
        : reader.groups.collectionTotals(),
      loras: await countMembers(loraCodes(cols, loraPairs), inKept),
      ranges: ranges as Counted['ranges'],
    }
    return { cols, counted }
  } finally {
    reader.close()
  }
}

/**
 * The range ends of a combination's assets other than its stack members `held`, when they may differ from the
 * combination's own: a member's value is at one of its ends. Read again over the others then; null when the
 * combination's own ends hold (no member, or none at an end).
 */
function endsBesideMembers(
  groups: FacetGroupsRepo,
  row: FacetGroupRow,
  held: readonly number[],
  members: ReadonlyMap<number, RangeValues>,
): RangeEnds | null {
  const ends = row.slice(10, 16) as RangeEnds
  const atAnEnd = held.some((rowid) =>
    members.get(rowid)!.some((value, i) => value !== null && (value === ends[2 * i] || value === ends[2 * i + 1])),
  )
  if (!atAnEnd) return null
  const others: number[] = []
  eachInteger(row[16], (rowid) => {
    if (!members.has(rowid)) others.push(rowid)
  })
  return groups.endsOf(others)
}

/** (rowid, LoRA name) pairs as (rowid, code in the columns' loraNames). */
function* loraCodes(cols: FacetColumns, pairs: Iterable<[number, string]>): IterableIterator<[number, number]> {
  for (const [rowid, name] of pairs) yield [rowid, cols.loraNames.code(name)]
}

/** How many times each combination of facet columns comes (as JSON text). */
function countKeys(keys: unknown[][]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const key of keys.map((columns) => JSON.stringify(columns))) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

/** NULL as NaN, as the full index holds it. */
function orNaN(value: number | null): number {
  return value ?? NaN
}

/** How many of the assets `counts` keeps each group (tag, collection) holds, read in turns. */
async function countMembers(
  pairs: Iterable<[number, number]>,
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
