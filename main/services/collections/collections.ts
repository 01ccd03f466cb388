import type { Collection } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { visibleCollections } from '../visibility/visibility'
import { LIBRARY_USER, newOwner, requireKeeps, sees, type Keeper } from '../people/ownership'
import type { CatalogRepos } from '../../db/catalog'
import { UniqueViolation } from '../../db/sql/sql-engine'
import { requireKnown } from '../assets/tags'
import { claimVersion, type Editing } from '../edits/versioned-write'
import { forgetRemoval, recordRemoval } from '../removals/record-removals'

const WHAT = 'collections'

/**
 * The team's collections the caller may see (a person limited to shared collections: those alone) and their own
 * private ones, by name.
 */
export async function listCollections(
  lib: Uses<'collections'> & Pick<Library, 'visibility'>,
  keeper: Keeper,
): Promise<Collection[]> {
  const listed = await lib.catalog.repos.collections.list(keeper.personId)
  const shared = visibleCollections(lib.visibility)
  if (shared === null) return listed
  const seen = new Set(shared)
  return listed.filter((collection) => collection.ownerId != null || seen.has(collection.id))
}

/**
 * Throws `not_found` when `id` is another person's private collection, in the words a collection that does not exist
 * gets: a page or count filtered by it would show its members.
 */
export async function requireSeen(lib: Uses<'collections'>, keeper: Keeper, id: number | undefined): Promise<void> {
  if (id === undefined) return
  const ownerId = (await lib.catalog.repos.collections.get(id))?.ownerId ?? null
  if (!sees(keeper, ownerId)) throw new AppError('not_found', `No collection with id ${id}.`)
}

/**
 * Throws unless the keeper may change this collection: another person's private one is not_found (nobody is told of
 * it), the team's is an editor's or an admin's.
 */
export async function requireKept(lib: Uses<'collections'>, keeper: Keeper, id: number): Promise<Collection> {
  const missing = () => new AppError('not_found', `No collection with id ${id}.`)
  const collection = await lib.catalog.repos.collections.get(id)
  if (!collection) throw missing()
  requireKeeps(keeper, collection.ownerId ?? null, WHAT, missing)
  return collection
}

/**
 * Creates an empty collection, the team's or the keeper's private one (`onlyMe`), undoing the removal of a team's
 * collection of that name; a name taken in any case among the owner's is a conflict.
 */
export async function createCollection(
  lib: Pick<Library, 'catalog'>,
  name: string,
  keeper: Keeper = LIBRARY_USER,
  onlyMe?: boolean,
): Promise<{ collection: Collection }> {
  const ownerId = newOwner(keeper, WHAT, onlyMe)
  const collection = await nameTaken(name, () =>
    lib.catalog.transaction(async (repos) => {
      await refuseTakenName(repos, name, { id: null, ownerId })
      if (ownerId === null) await forgetRemoval(repos, 'collection', { name })
      return repos.collections.create(name, new Date().toISOString(), ownerId)
    }),
  )
  return { collection }
}

/** Renames a collection (a new case of its own name is allowed); a rename from a stale `baseVersion` is refused. */
export async function renameCollection(
  lib: Editing,
  id: number,
  name: string,
  baseVersion?: number,
): Promise<{ collection: Collection; version: number }> {
  return nameTaken(name, () =>
    lib.catalog.transaction(async (repos) => {
      const { ownerId } = await requireCollection(repos, id)
      await refuseTakenName(repos, name, { id, ownerId: ownerId ?? null })
      const claim = await claimVersion(repos, lib, {
        key: { kind: 'collection', id: String(id), field: 'name' },
        base: baseVersion,
        value: name,
        read: async (r) => (await r.collections.get(id))?.name,
        missing: () => new AppError('not_found', `No collection with id ${id}.`),
      })
      if (claim.write) {
        await repos.collections.rename(id, name)
        await forgetRemoval(repos, 'collection', { name })
      }
      return { collection: (await repos.collections.get(id))!, version: claim.version }
    }),
  )
}

/** Deletes a collection, recording who deleted it by its name; its assets stay. Returns how many assets it held. */
export async function deleteCollection(
  lib: Pick<Library, 'catalog' | 'actor'>,
  id: number,
): Promise<{ id: number; removed: number }> {
  const removed = await lib.catalog.transaction(async (repos) => {
    const { count, name } = await requireCollection(repos, id)
    await repos.collections.delete(id)
    await recordRemoval(repos, lib.actor, 'collection', { name })
    await repos.editVersions.forget('collection', String(id))
    return count
  })
  return { id, removed }
}

/**
 * Adds assets to a collection in one transaction (their contents' removals from it are undone); an unknown asset or
 * collection writes nothing.
 */
export async function addToCollection(lib: Pick<Library, 'catalog'>, collectionId: number, ids: readonly string[]) {
  const added = await lib.catalog.transaction(async (repos) => {
    const { name } = await requireCollection(repos, collectionId)
    await requireKnown(repos, ids)
    await forgetRemoval(repos, 'member', { assetIds: ids, name })
    return new Set(await repos.collections.add(collectionId, ids, new Date().toISOString()))
  })
  return { ids: ids.filter((id) => added.has(id)), added: added.size }
}

/** Takes assets out of a collection, recording who did; unknown asset ids are an error, as for untagging. */
export async function removeFromCollection(
  lib: Pick<Library, 'catalog' | 'actor'>,
  collectionId: number,
  ids: readonly string[],
) {
  const removed = await lib.catalog.transaction(async (repos) => {
    const { name } = await requireCollection(repos, collectionId)
    await requireKnown(repos, ids)
    const removed = await repos.collections.remove(collectionId, ids)
    await recordRemoval(repos, lib.actor, 'member', { assetIds: removed, name })
    return new Set(removed)
  })
  return { ids: ids.filter((id) => removed.has(id)), removed: removed.size }
}

/** The collection with this id; `not_found` when there is none. */
export async function requireCollection(repos: Pick<CatalogRepos, 'collections'>, id: number): Promise<Collection> {
  const collection = await repos.collections.get(id)
  if (!collection) throw new AppError('not_found', `No collection with id ${id}.`)
  return collection
}

// A name is taken by another collection of the same owner (the team's among the team's).
async function refuseTakenName(
  repos: Pick<CatalogRepos, 'collections'>,
  name: string,
  own: { id: number | null; ownerId: number | null },
): Promise<void> {
  const holder = await repos.collections.byName(name, own.ownerId)
  if (holder && holder.id !== own.id) {
    throw new AppError('conflict', `A collection named "${holder.name}" already exists.`, { id: holder.id })
  }
}

/** Runs `write`; a name another writer took meanwhile (the unique key's refusal) is a conflict, as a taken name is. */
async function nameTaken<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof UniqueViolation) throw new AppError('conflict', `A collection named "${name}" already exists.`)
    throw error
  }
}
