import type { MediaFilter } from '../../../shared/contract'
import type { SearchParams } from '../../db/browse-model/search-params'
import { TABLE_FACETS, type TableFacetName } from '../../db/browse-model/filters'
import { FACETS, type Dictionary, type FacetColumns } from './facet-columns'
import type { Selection } from './facet-count'
import { markMembers, marksOf, membersOf } from './memberships'

// Up to this share of the assets visible, a limited person's count walks their assets alone (a layout of its own),
// not every asset tested against their marks: at a million assets with 10,000 shared, ~1 ms against ~5.
const FEW_VISIBLE = 1 / 8

/**
 * The filter state as tests over the columns; each holds exactly when media-search.ts's SQL filter holds.
 * `matched` marks what the text query finds (null without one); `tagIds` gives the ids of tags by name.
 */
export function selectionFor(
  tagIds: (names: readonly string[]) => readonly number[],
  cols: FacetColumns,
  params: SearchParams,
  filter: MediaFilter,
  matched: Uint8Array | null,
): Selection {
  const d = cols.dictionaries
  const lists: Record<(typeof FACETS)[number], ((value: string | number) => boolean) | null> = {
    mediaType: among(filter.mediaType),
    sourceType: among(filter.sourceType),
    status: among(filter.status),
    codec: among(filter.codec),
    container: among(filter.container),
    orientation: among(filter.orientation),
    hasAudio: filter.hasAudio === undefined ? null : (value) => value === Number(filter.hasAudio),
    rating: filter.minRating === undefined ? null : (value) => Number(value) >= filter.minRating!,
    hasNearDuplicates:
      filter.hasNearDuplicates === undefined ? null : (value) => value === Number(filter.hasNearDuplicates),
    provider: among(filter.provider),
    model: among(filter.model),
    sampler: among(filter.sampler),
    steps: among(filter.steps),
    hasWorkflow: filter.hasWorkflow === undefined ? null : (value) => value === Number(filter.hasWorkflow),
    ...(Object.fromEntries(TABLE_FACETS.map(({ name }) => [name, among(filter[name])])) as Record<
      TableFacetName,
      ReturnType<typeof among>
    >),
  }
  return {
    keep: FACETS.map((name) => keepTable(d[name], lists[name])),
    healthKeep: keepTable(d.health, among(filter.health)),
    stackedKeep: keepTable(d.stacked, filter.collapseStacks ? (value) => value === 0 : null),
    bounds: {
      width: bounds(params.minWidth, params.maxWidth),
      height: bounds(params.minHeight, params.maxHeight),
      duration: bounds(params.minDuration, params.maxDuration),
      size: bounds(params.minSize, params.maxSize),
      imported:
        params.importedFrom === null && params.importedTo === null
          ? null
          : {
              min: params.importedFrom === null ? -Infinity : firstTimeFrom(params.importedFrom),
              max: params.importedTo === null ? Infinity : lastTimeTo(params.importedTo),
            },
    },
    tagged:
      params.tags === null
        ? null
        : markMembers(cols.tags, new Set(tagIds(JSON.parse(params.tags) as string[])), params.tagCount!, cols.capacity),
    lorasUsed:
      params.loras === null
        ? null
        : markMembers(
            cols.loras,
            new Set((JSON.parse(params.loras) as string[]).flatMap((name) => loraCode(cols, name))),
            params.loraCount!,
            cols.capacity,
          ),
    matched,
    collected:
      params.collection === null ? null : markMembers(cols.collections, new Set([params.collection]), 1, cols.capacity),
    ...visibleSelection(cols, params.visibleIn),
  }
}

/**
 * The caller's visibility (browse-model/visibility.ts): the collections it lets through, the only ones counted, and
 * their members, as a list when they are few (a count walks them alone) else as marks; nulls for every asset.
 */
function visibleSelection(
  cols: FacetColumns,
  visibleIn: string | null,
): Pick<Selection, 'visible' | 'visibleRows' | 'visibleCollections'> {
  if (visibleIn === null) return { visible: null, visibleRows: null, visibleCollections: null }
  const collections = new Set(JSON.parse(visibleIn) as number[])
  const rows = membersOf(cols.collections, collections)
  return rows.length <= cols.capacity * FEW_VISIBLE
    ? { visible: null, visibleRows: rows, visibleCollections: collections }
    : {
        visible: marksOf(rows, cols.capacity),
        visibleRows: null,
        visibleCollections: collections,
      }
}

/** A test of membership in a filter's list of values; null when the filter does not ask. */
function among(values: readonly (string | number)[] | undefined): ((value: string | number) => boolean) | null {
  if (!values) return null
  const set = new Set<string | number>(values)
  return (value) => set.has(value)
}

/** 1 per code the filter keeps: without a filter every code; with one, the values it holds for (never NULL). */
function keepTable(dictionary: Dictionary, test: ((value: string | number) => boolean) | null): Uint8Array {
  const { values } = dictionary
  const table = new Uint8Array(values.length)
  values.forEach((value, code) => {
    table[code] = test === null ? 1 : value !== null && test(value) ? 1 : 0
  })
  return table
}

function bounds(min: number | null, max: number | null): { min: number; max: number } | null {
  return min === null && max === null ? null : { min: min ?? -Infinity, max: max ?? Infinity }
}

// Stored import times are toISOString() text and the SQL compares them with the bound as text. Text order
// of such strings is time order, so "text ≥ bound" holds from one instant on: found by halving the span of
// years 0000–9999 (about 48 steps), it makes the numeric test exact for every bound the contract accepts.
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z')
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

/** The first instant whose ISO text is ≥ `bound` (Infinity if none). */
function firstTimeFrom(bound: string): number {
  const first = firstInstant((iso) => iso >= bound)
  return first > LATEST ? Infinity : first
}

/** The last instant whose ISO text is ≤ `bound` (-Infinity if none). */
function lastTimeTo(bound: string): number {
  const after = firstInstant((iso) => iso > bound)
  return after <= EARLIEST ? -Infinity : after - 1
}

/** The first instant (LATEST + 1 if none) from which `holds`, a test that once true stays true, holds. */
function firstInstant(holds: (iso: string) => boolean): number {
  let lo = EARLIEST
  let hi = LATEST + 1
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (holds(new Date(mid).toISOString())) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The code of a LoRA name the columns know; none for a name no asset used (then nothing can match it). */
function loraCode(cols: FacetColumns, name: string): number[] {
  const code = cols.loraNames.values.indexOf(name)
  return code > 0 ? [code] : []
}
