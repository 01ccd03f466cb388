import type { Collection } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'
import { requireKnown } from '../assets/tags'

/** Creates an empty collection; a name taken in any case is a conflict. */
export function createCollection(lib: Pick<Library, 'db' | 'repos'>, name: string): { collection: Collection } {
  const collection = lib.db.transaction(() => {
    refuseTakenName(lib, name, null)
    return lib.repos.collections.create(name, new Date().toISOString())
  })()
  return { collection }
}

/** Renames a collection (a new case of its own name is allowed). */
export function renameCollection(
  lib: Pick<Library, 'db' | 'repos'>,
  id: number,
  name: string,
): { collection: Collection } {
  const collection = lib.db.transaction(() => {
    requireCollection(lib, id)
    refuseTakenName(lib, name, id)
    lib.repos.collections.rename(id, name)
    return lib.repos.collections.get(id)!
  })()
  return { collection }
}

/** Deletes a collection; its assets stay. Returns how many assets it held. */
export function deleteCollection(lib: Pick<Library, 'db' | 'repos'>, id: number): { id: number; removed: number } {
  const removed = lib.db.transaction(() => {
    const { count } = requireCollection(lib, id)
    lib.repos.collections.delete(id)
    return count
  })()
  return { id, removed }
}

/** Adds assets to a collection in one transaction; an unknown asset or collection writes nothing. */
export function addToCollection(lib: Pick<Library, 'db' | 'repos'>, collectionId: number, ids: readonly string[]) {
  const added = lib.db.transaction(() => {
    requireCollection(lib, collectionId)
    requireKnown(lib, ids)
    return new Set(lib.repos.collections.add(collectionId, ids, new Date().toISOString()))
  })()
  return { ids: ids.filter((id) => added.has(id)), added: added.size }
}

/** Takes assets out of a collection; unknown asset ids are an error, as for untagging. */
export function removeFromCollection(lib: Pick<Library, 'db' | 'repos'>, collectionId: number, ids: readonly string[]) {
  const removed = lib.db.transaction(() => {
    requireCollection(lib, collectionId)
    requireKnown(lib, ids)
    return new Set(lib.repos.collections.remove(collectionId, ids))
  })()
  return { ids: ids.filter((id) => removed.has(id)), removed: removed.size }
}

function requireCollection(lib: Pick<Library, 'repos'>, id: number): Collection {
  const collection = lib.repos.collections.get(id)
  if (!collection) throw new AppError('not_found', `No collection with id ${id}.`)
  return collection
}

function refuseTakenName(lib: Pick<Library, 'repos'>, name: string, ownId: number | null): void {
  const holder = lib.repos.collections.byName(name)
  if (holder && holder.id !== ownId) {
    throw new AppError('conflict', `A collection named "${holder.name}" already exists.`, { id: holder.id })
  }
}
