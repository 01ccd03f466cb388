import type { FacetCounts, MediaFacets, MediaFilter, Orientation } from '../../shared/contract'
import type { FacetGroup } from '../db/repos/media-search'

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
    value: (g: FacetGroup) => orientationOf(g),
    keeps: (f: MediaFilter, g: FacetGroup) => {
      const orientation = orientationOf(g)
      return !f.orientation || (orientation !== null && f.orientation.includes(orientation))
    },
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
const FACET_LIMIT = 200

/**
 * Facet counts (each facet with the other facets' filters applied: standard faceting) and the
 * ranges of what every filter leaves, from groups that the non-facet filters already narrowed.
 */
export function facetsFromGroups(groups: readonly FacetGroup[], filter: MediaFilter, tags: FacetCounts): MediaFacets {
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
      imported: textRange(left.flatMap((g) => [g.minImported, g.maxImported])),
    },
  }
}

/** As the `orientation` column of migration 0060 computes it. */
function orientationOf(group: FacetGroup): Orientation | null {
  const { width, height } = group
  if (width === null || height === null) return null
  return width > height ? 'landscape' : width < height ? 'portrait' : 'square'
}

function sorted(counts: Map<string | number, number>): FacetCounts {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
    .slice(0, FACET_LIMIT)
}

function range(values: Array<number | null>): { min: number | null; max: number | null } {
  const known = values.filter((value): value is number => value !== null)
  return known.length === 0 ? { min: null, max: null } : { min: Math.min(...known), max: Math.max(...known) }
}

function textRange(values: Array<string | null>): { min: string | null; max: string | null } {
  const known = values.filter((value): value is string => value !== null).sort()
  return { min: known[0] ?? null, max: known.at(-1) ?? null }
}
