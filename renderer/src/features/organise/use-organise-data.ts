import type { Collection } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { collectionsList, trashList } from './organise-data'

const NONE: Collection[] = []

/** Every collection with its asset count, by name. */
export function useCollections(): Collection[] {
  return useBackendQuery('collections:list', collectionsList.input, collectionsList.options).data?.collections ?? NONE
}

/** What the library's trash holds (deletes still undoable), newest first; not read while `enabled` is false. */
export function useTrash({ enabled = true }: { enabled?: boolean } = {}) {
  return useBackendQuery('trash:list', enabled ? trashList.input : null, trashList.options)
}
