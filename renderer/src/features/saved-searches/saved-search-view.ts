import { MediaSort, type SavedSearch } from '../../../../shared/contract'
import type { BrowseView } from '../../app/navigation-slice'

// A search saved without a sort opens in the library's default order (the contract's defaults).
const DEFAULT_SORT = MediaSort.parse({})

/** The library view a saved search opens: its words, filters and sort; the grid/list choice and card size stay. */
export function viewOfSearch(search: SavedSearch, current: BrowseView): BrowseView {
  return { ...current, query: search.query, filter: search.filter, sort: search.sort ?? DEFAULT_SORT, anchor: null }
}

/** Whether the library view shows what the saved search finds, in its order. */
export function showsSearch(search: SavedSearch, current: BrowseView): boolean {
  const wanted = viewOfSearch(search, current)
  return (
    wanted.query.trim() === current.query.trim() &&
    sameJson(sorted(wanted.filter), sorted(current.filter)) &&
    sameJson(wanted.sort, current.sort)
  )
}

// Filters read back from the library may hold their keys in another order than the view's.
function sorted(value: object): [string, unknown][] {
  return Object.entries(value)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
