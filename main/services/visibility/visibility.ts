import type { Scope } from '../../../shared/access'
import { AppError } from '../../../shared/errors'
import type { CollectionSharesRepo as SharesRepo } from '../../db/repos/collection-shares'
import type { Uses } from '../library-context'

/**
 * What the caller of a request may see (issue 60 point 3): every asset, or, for a person limited to shared
 * collections, the members of the collections shared with them by name or by their role (read as the request
 * starts). Decided in the queries: pages, search, facets and every look-up by id read it from the library the request
 * acts on (main/dispatch.ts), never from what a client sends.
 */
export type Visibility =
  | { scope: 'all' }
  // personId null: a review link's visitor, who sees the link's one collection (issue 60 point 4).
  | { scope: 'shared'; personId: number | null; collections: readonly number[] }

/** Every asset: a library's own user, an admin, an editor, a viewer who is not limited. */
export const SEES_ALL: Visibility = { scope: 'all' }

/** The visibility of a signed-in person with this scope, the collections shared with them read now. */
export async function visibilityOf(
  lib: Uses<'shares'>,
  person: { id: number; scope: Scope } | undefined,
): Promise<Visibility> {
  if (person?.scope !== 'shared') return SEES_ALL
  return { scope: 'shared', personId: person.id, collections: await lib.catalog.repos.shares.visibleTo(person.id) }
}

/** The visibility of a review link's visitor: the one collection the link shows, as a person it is shared with. */
export function linkVisibility(collectionId: number): Visibility {
  return { scope: 'shared', personId: null, collections: [collectionId] }
}

/** The collections whose members the visibility lets through; null for every asset. */
export function visibleCollections(visibility: Visibility): readonly number[] | null {
  return visibility.scope === 'all' ? null : visibility.collections
}

/** Of these collections, those the caller may see (a private or unshared one's id and name are not told). */
export function seenCollections<C extends { id: number }>(visibility: Visibility, collections: C[]): C[] {
  const visible = visibleCollections(visibility)
  if (visible === null) return collections
  const shared = new Set(visible)
  return collections.filter((collection) => shared.has(collection.id))
}

/** Of `ids`, those the caller may see (all of them for who sees every asset). */
export async function visibleAmong(
  lib: Uses<'shares'> & { visibility: Visibility },
  ids: readonly string[],
): Promise<ReadonlySet<string>> {
  const collections = visibleCollections(lib.visibility)
  if (collections === null) return new Set(ids)
  return new Set(await lib.catalog.repos.shares.visibleAmong(collections, ids))
}

/**
 * Throws `not_found` for the first of `ids` the caller may not see, in the words an id that does not exist gets
 * (`No asset with id …`): a limited person learns nothing of what is outside their share, not even that it exists.
 */
export async function requireVisible(
  lib: Uses<'shares'> & { visibility: Visibility },
  ids: readonly string[],
): Promise<void> {
  if (lib.visibility.scope === 'all' || ids.length === 0) return
  const seen = await visibleAmong(lib, ids)
  const hidden = ids.find((id) => !seen.has(id))
  if (hidden !== undefined) throw new AppError('not_found', `No asset with id ${hidden}.`)
}

// What a workflow or a run is to a limited person: one with an asset they see (by the shares repo's look-up).
const LINKED = {
  workflow: (shares: SharesRepo) => shares.workflowsVisibleAmong,
  execution: (shares: SharesRepo) => shares.executionsVisibleAmong,
} as const

/** Throws `not_found` for the first of these workflows (or runs of one) none of whose assets the caller may see. */
export async function requireVisibleLinked(
  lib: Uses<'shares'> & { visibility: Visibility },
  kind: keyof typeof LINKED,
  ids: readonly string[],
): Promise<void> {
  const collections = visibleCollections(lib.visibility)
  if (collections === null || ids.length === 0) return
  const seen = new Set(await LINKED[kind](lib.catalog.repos.shares)(collections, ids))
  const hidden = ids.find((id) => !seen.has(id))
  if (hidden !== undefined) throw new AppError('not_found', `No ${kind} with id ${hidden}.`)
}

/** Of these items, those whose asset the caller may see (all of them for who sees every asset). */
export async function visibleItems<T extends { asset: { id: string } }>(
  lib: Uses<'shares'> & Partial<{ visibility: Visibility }>,
  items: T[],
): Promise<T[]> {
  const collections = visibleCollections(lib.visibility ?? SEES_ALL)
  if (collections === null) return items
  const ids = items.map((item) => item.asset.id)
  const seen = new Set(await lib.catalog.repos.shares.visibleAmong(collections, ids))
  return items.filter((item) => seen.has(item.asset.id))
}

/** The JSON list of collections whose members the caller may see, for a query's parameter; null for every asset. */
export function visibleInParam(visibility: Visibility | undefined): string | null {
  const collections = visibleCollections(visibility ?? SEES_ALL)
  return collections && JSON.stringify(collections)
}

/** Throws `not_found` unless the caller may see the asset a timeline's frames were made of (none: who sees all). */
export async function requireVisibleTimeline(
  lib: Uses<'shares' | 'timelines'> & { visibility: Visibility },
  timelineId: number,
): Promise<void> {
  if (lib.visibility.scope === 'all') return
  const videoId = (await lib.catalog.repos.timelines.get(timelineId))?.videoId
  if (!videoId) throw new AppError('not_found', `Timeline ${timelineId} has no such frame.`)
  await requireVisible(lib, [videoId])
}
