import type { QueryClient } from '@tanstack/react-query'
import type { Collection } from '../../../../shared/contract'
import { queryKey } from '../../api/query-cache'

// Deletes listed on the Settings page; the trash holds few in practice (each is one delete).
export const TRASH_LISTED = 200

/** `collections:list`'s input and query options. */
export const collectionsList = { input: {}, options: {} }

/** `trash:list`'s input and query options. */
export const trashList = { input: { limit: TRASH_LISTED }, options: {} }

/** The collections as they stand in `cache`, changed by `change` at once (the change event then reads them again). */
export function changeCollections(cache: QueryClient, change: (collections: Collection[]) => Collection[]): void {
  cache.setQueryData<{ collections: Collection[] }>(
    queryKey('collections:list', collectionsList.input),
    (answer) => answer && { collections: sortedByName(change(answer.collections)) },
  )
}

function sortedByName(collections: Collection[]): Collection[] {
  return [...collections].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
}
