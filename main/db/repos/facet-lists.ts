import type { FacetCounts } from '../../../shared/contract'

// Most values listed per facet (tags and collections included).
const FACET_LIMIT = 200

/** Most first, ties in `order`, cut at FACET_LIMIT. */
export function top(list: FacetCounts, order: (a: FacetCounts[0], b: FacetCounts[0]) => number): FacetCounts {
  return list.sort((a, b) => b.count - a.count || order(a, b)).slice(0, FACET_LIMIT)
}

/** Ties of a checkbox facet or of LoRAs: by the value's text. */
export const byText = (a: FacetCounts[0], b: FacetCounts[0]): number => String(a.value).localeCompare(String(b.value))

/** Ties of tags: SQLite's NOCASE order (the tags table's collation), ASCII letters folded, then by code unit. */
export function byNocaseText(a: FacetCounts[0], b: FacetCounts[0]): number {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())
  const x = fold(String(a.value))
  const y = fold(String(b.value))
  return x < y ? -1 : x > y ? 1 : 0
}

/** Ties of collections: by id. */
export const byNumber = (a: FacetCounts[0], b: FacetCounts[0]): number => Number(a.value) - Number(b.value)
