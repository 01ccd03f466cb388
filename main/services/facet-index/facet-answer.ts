import type { FacetCounts, MediaFacets } from '../../../shared/contract'
import { byNocaseText, byNumber, byText, top } from '../../db/repos/facet-lists'
import { FACETS, type FacetColumns } from './facet-columns'
import type { Counted } from './facet-count'

/**
 * The contract's shape of what a pass counted: values by name, most first, at most 200 each (facet-lists.ts).
 * `tagNames` names the tags counted.
 */
export function facetsOf(cols: FacetColumns, counted: Counted, tagNames: ReadonlyMap<number, string>): MediaFacets {
  const perFacet = Object.fromEntries(
    FACETS.map((name, index) => {
      const values = cols.dictionaries[name].values
      const list: FacetCounts = []
      counted.counts[index]!.forEach((count, code) => {
        if (code !== 0 && count > 0) list.push({ value: values[code]!, count })
      })
      return [name, top(list, byText)]
    }),
  ) as Record<(typeof FACETS)[number], FacetCounts>
  const tags = [...counted.tags].map(([id, count]) => ({ value: tagNames.get(id) ?? '', count }))
  const collections = [...counted.collections].map(([id, count]) => ({ value: id, count }))
  const loras = [...counted.loras].map(([code, count]) => ({ value: cols.loraNames.values[code]!, count }))
  const { width, height, duration, size, imported } = counted.ranges
  return {
    total: counted.total,
    ...perFacet,
    tags: top(tags, byNocaseText),
    loras: top(loras, byText),
    collections: top(collections, byNumber),
    ranges: {
      width: finite(width),
      height: finite(height),
      duration: finite(duration),
      size: finite(size),
      imported: {
        min: Number.isFinite(imported.min) ? new Date(imported.min).toISOString() : null,
        max: Number.isFinite(imported.max) ? new Date(imported.max).toISOString() : null,
      },
    },
  }
}

function finite({ min, max }: { min: number; max: number }): { min: number | null; max: number | null } {
  return Number.isFinite(min) ? { min, max } : { min: null, max: null }
}
