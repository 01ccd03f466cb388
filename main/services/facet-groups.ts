import type { FacetCounts, MediaFacets, MediaFilter } from '../../shared/contract'
import { FACET_LIMIT, type FacetGroup } from '../db/repos/media-search'

/** The facets counted per value; each is tested against a group as the SQL filters test a row. */
const FACETS = {
  mediaType: {
    value: (g: FacetGroup) => g.mediaType,
    keeps: (f: MediaFilter, g: FacetGroup) => !f.mediaType || f.mediaType.includes(g.mediaType as 'video'),
  },
  sourceType: {
    value: (g: FacetGroup) => g.sourceType,
    keeps: (f: MediaFilter, g: FacetGroup) => !f.sourceType || f.sourceType.includes(g.sourceType),
  },
  status: {
    value: (g: FacetGroup) => g.status,
    keeps: (f: MediaFilter, g: FacetGroup) => !f.status || f.status.includes(g.status),
  },
  codec: {
    value: (g: FacetGroup) => g.codec,
    keeps: (f: MediaFilter, g: FacetGroup) => !f.codec || (g.codec !== null && f.codec.includes(g.codec)),
  },
  container: {
    value: (g: FacetGroup) => g.container,
    keeps: (f: MediaFilter, g: FacetGroup) =>
      !f.container || (g.container !== null && f.container.includes(g.container)),
  },
  orientation: {
    value: (g: FacetGroup) => g.orientation,
    keeps: (f: MediaFilter, g: FacetGroup) =>
      !f.orientation || (g.orientation !== null && f.orientation.includes(g.orientation)),
  },
  hasAudio: {
    value: (g: FacetGroup) => g.hasAudio,
    keeps: (f: MediaFilter, g: FacetGroup) => f.hasAudio === undefined || Number(f.hasAudio) === g.hasAudio,
  },
  // Rating is a threshold filter; its counts are per exact rating (the UI sums "n or more").
  rating: {
    value: (g: FacetGroup) => g.rating,
    keeps: (f: MediaFilter, g: FacetGroup) => f.minRating === undefined || g.rating >= f.minRating,
  },
} as const
type FacetName = keyof typeof FACETS
const NAMES = Object.keys(FACETS) as FacetName[]

/**
 * Facet counts (each facet with the other facets' filters applied: standard faceting) and the
 * ranges of what every filter leaves, from groups that the non-facet filters already narrowed.
 */
export function facetsFromGroups(
  groups: readonly FacetGroup[],
  filter: MediaFilter,
  tags: FacetCounts,
): Omit<MediaFacets, 'collections'> {
  const counts = Object.fromEntries(NAMES.map((name) => [name, new Map<string | number, number>()])) as Record<
    FacetName,
    Map<string | number, number>
  >
  const left: FacetGroup[] = []
  for (const group of groups) {
    const keeps = NAMES.map((name) => FACETS[name].keeps(filter, group))
    const failing = keeps.filter((kept) => !kept).length
    if (failing === 0) left.push(group)
    if (failing > 1) continue
    NAMES.forEach((name, index) => {
      // A group counts for a facet when every other facet's filter keeps it.
      if (failing === 1 && keeps[index]) return
      const value = FACETS[name].value(group)
      if (value !== null) counts[name].set(value, (counts[name].get(value) ?? 0) + group.count)
    })
  }
  const facetCounts = Object.fromEntries(NAMES.map((name) => [name, sorted(counts[name])])) as Record<
    FacetName,
    FacetCounts
  >
  return {
    total: left.reduce((sum, group) => sum + group.count, 0),
    ...facetCounts,
    tags,
    ranges: {
      width: range(left.map((g) => g.width)),
      height: range(left.map((g) => g.height)),
      duration: range(left.flatMap((g) => [g.minDuration, g.maxDuration])),
      size: range(left.flatMap((g) => [g.minSize, g.maxSize])),
      imported: range(left.flatMap((g) => [g.minImported, g.maxImported])),
    },
  }
}

function sorted(counts: Map<string | number, number>): FacetCounts {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
    .slice(0, FACET_LIMIT)
}

/**
 * Least and greatest known value, in one pass: not Math.min(...values) (one argument per group,
 * a RangeError past ~100k groups) nor a sort.
 */
function range<T extends number | string>(values: Array<T | null>): { min: T | null; max: T | null } {
  let min: T | null = null
  let max: T | null = null
  for (const value of values) {
    if (value === null) continue
    if (min === null || value < min) min = value
    if (max === null || value > max) max = value
  }
  return { min, max }
}
