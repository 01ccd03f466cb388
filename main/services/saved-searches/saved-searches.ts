import { MediaFilter, MediaSort, type SavedSearch } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { parseLenientJson } from '../../../shared/lenient-json'
import type { SavedSearchRow } from '../../db/repos/saved-searches'
import type { Library } from '../../app/library-context'

/** The saved searches, by name. */
export function listSavedSearches(lib: Pick<Library, 'repos'>): { searches: SavedSearch[] } {
  return { searches: lib.repos.savedSearches.list().map(toSearch) }
}

/** What a saved search holds of the library view. */
export interface SearchState {
  query: string
  filter: MediaFilter
  sort?: MediaSort
}

/** Saves a state under a name; a name taken in any case is a conflict unless `replace` gives it the new state. */
export function saveSearch(
  lib: Pick<Library, 'db' | 'repos'>,
  name: string,
  state: SearchState,
  replace: boolean,
): { search: SavedSearch } {
  const at = new Date().toISOString()
  const stored = {
    query: state.query,
    filter: JSON.stringify(state.filter),
    sort: state.sort ? JSON.stringify(state.sort) : null,
  }
  const id = lib.db.transaction(() => {
    const taken = lib.repos.savedSearches.byName(name)
    if (taken && !replace) {
      throw new AppError(
        'conflict',
        `A saved search named "${taken.name}" exists; save with another name or replace it.`,
      )
    }
    if (taken) {
      lib.repos.savedSearches.replace({ id: taken.id, ...stored, updatedAt: at })
      return taken.id
    }
    return lib.repos.savedSearches.insert({ name, ...stored, createdAt: at })
  })()
  return { search: toSearch(lib.repos.savedSearches.get(id)!) }
}

/** Renames a saved search (another case of its own name is allowed). */
export function renameSavedSearch(
  lib: Pick<Library, 'db' | 'repos'>,
  id: number,
  name: string,
): { search: SavedSearch } {
  lib.db.transaction(() => {
    if (!lib.repos.savedSearches.get(id)) throw new AppError('not_found', `No saved search ${id}.`)
    const taken = lib.repos.savedSearches.byName(name)
    if (taken && taken.id !== id) throw new AppError('conflict', `A saved search named "${taken.name}" exists.`)
    lib.repos.savedSearches.rename(id, name, new Date().toISOString())
  })()
  return { search: toSearch(lib.repos.savedSearches.get(id)!) }
}

/** Deletes a saved search. */
export function deleteSavedSearch(lib: Pick<Library, 'repos'>, id: number): { deleted: boolean } {
  const deleted = lib.repos.savedSearches.delete(id)
  return { deleted }
}

/** A stored row through the contract's schemas: a filter or sort this version cannot read opens empty. */
function toSearch(row: SavedSearchRow): SavedSearch {
  const read = <T>(text: string | null, schema: { safeParse(value: unknown): { success: boolean; data?: T } }) => {
    if (text === null) return null
    const parsed = parseLenientJson(text)
    const checked = parsed.ok ? schema.safeParse(parsed.value) : { success: false }
    return checked.success ? (checked.data as T) : null
  }
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    filter: read<MediaFilter>(row.filter, MediaFilter) ?? {},
    sort: read<MediaSort>(row.sort, MediaSort),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}
