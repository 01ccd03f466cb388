import { MediaFilter, MediaSort, type SavedSearch } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { parseLenientJson } from '../../../shared/lenient-json'
import type { SavedSearchRow } from '../../db/repos/saved-searches'
import { UniqueViolation } from '../../db/sql/sql-engine'
import type { Uses } from '../library-context'
import { claimVersion, type Editing } from '../edits/versioned-write'
import { newOwner, requireKeeps, sees, type Keeper } from '../people/ownership'

const WHAT = 'saved searches'

/** The team's saved searches and the keeper's own, by name. */
export async function listSavedSearches(
  lib: Uses<'savedSearches'>,
  keeper: Keeper,
): Promise<{ searches: SavedSearch[] }> {
  return { searches: (await lib.catalog.repos.savedSearches.list(keeper.personId)).map(toSearch) }
}

/** What a saved search holds of the library view. */
export interface SearchState {
  query: string
  filter: MediaFilter
  sort?: MediaSort
}

/**
 * Saves a state under a name, the keeper's own (`onlyMe`) or the team's; a name taken in any case among those is a
 * conflict unless `replace` gives it the new state.
 */
export async function saveSearch(
  lib: Uses<'savedSearches'>,
  keeper: Keeper,
  name: string,
  state: SearchState,
  { replace = false, onlyMe }: { replace?: boolean; onlyMe?: boolean } = {},
): Promise<{ search: SavedSearch }> {
  const ownerId = newOwner(keeper, WHAT, onlyMe)
  const at = new Date().toISOString()
  const stored = {
    query: state.query,
    filter: JSON.stringify(state.filter),
    sort: state.sort ? JSON.stringify(state.sort) : null,
  }
  const conflict = (existing: string) =>
    new AppError('conflict', `A saved search named "${existing}" exists; save with another name or replace it.`)
  // Another person may save the same name between the look and the insert (a hub): the unique key says so.
  const search = await nameTaken(conflict(name), () =>
    lib.catalog.transaction(async ({ savedSearches }) => {
      const taken = await savedSearches.byName(name, ownerId)
      if (taken && !replace) throw conflict(taken.name)
      const id = taken
        ? (await savedSearches.replace({ id: taken.id, ...stored, updatedAt: at }), taken.id)
        : await savedSearches.insert({ name, ...stored, createdAt: at, ownerId })
      return (await savedSearches.get(id))!
    }),
  )
  return { search: toSearch(search) }
}

/** Renames a saved search (another case of its own name is allowed); a rename from a stale `baseVersion` is refused. */
export async function renameSavedSearch(
  lib: Editing,
  keeper: Keeper,
  id: number,
  name: string,
  baseVersion?: number,
): Promise<{ search: SavedSearch; version: number }> {
  const conflict = (existing: string) => new AppError('conflict', `A saved search named "${existing}" exists.`)
  const missing = () => new AppError('not_found', `No saved search ${id}.`)
  const { search, version } = await nameTaken(conflict(name), () =>
    lib.catalog.transaction(async (repos) => {
      const { savedSearches } = repos
      const search = await savedSearches.get(id)
      if (!search) throw missing()
      requireKeeps(keeper, search.ownerId, WHAT, missing)
      const taken = await savedSearches.byName(name, search.ownerId)
      if (taken && taken.id !== id) throw conflict(taken.name)
      const claim = await claimVersion(repos, lib, {
        key: { kind: 'saved-search', id: String(id), field: 'name' },
        base: baseVersion,
        value: name,
        read: async (r) => (await r.savedSearches.get(id))?.name,
        missing,
      })
      if (claim.write) await savedSearches.rename(id, name, new Date().toISOString())
      return { search: (await savedSearches.get(id))!, version: claim.version }
    }),
  )
  return { search: toSearch(search), version }
}

/** Deletes a saved search (someone else's own is not there to delete). */
export async function deleteSavedSearch(
  lib: Uses<'editVersions' | 'savedSearches'>,
  keeper: Keeper,
  id: number,
): Promise<{ deleted: boolean }> {
  const deleted = await lib.catalog.transaction(async (repos) => {
    // Someone else's own is answered as one that is not there.
    const search = await repos.savedSearches.get(id)
    if (!search || !sees(keeper, search.ownerId)) return false
    requireKeeps(keeper, search.ownerId, WHAT, () => new AppError('not_found', `No saved search ${id}.`))
    await repos.editVersions.forget('saved-search', String(id))
    return repos.savedSearches.delete(id)
  })
  return { deleted }
}

/** Runs `write`; a name that another writer took meanwhile (the unique key's refusal) is `conflict`. */
async function nameTaken<T>(conflict: AppError, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    throw error instanceof UniqueViolation ? conflict : error
  }
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
    version: row.version,
    private: row.ownerId !== null,
  }
}
