import type { AssetFieldVersions, CollectionRef, MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import { writeVersioned, type Editing, type VersionedWrite } from '../edits/versioned-write'
import { forgetRemoval, recordRemoval } from '../removals/record-removals'
import { getMedia } from './media'
import { SEES_ALL, seenCollections } from '../visibility/visibility'

type AssetFields = { name: string; notes: string | null; rating: number }

const SHOWN_UNKNOWN_IDS = 5

/** One asset with its tags and collections; not_found when the id is unknown. */
export async function getMediaWithTags(
  lib: Uses<'collections' | 'editVersions' | 'media' | 'organise'> & Partial<Pick<Library, 'visibility'>>,
  id: string,
): Promise<MediaAsset & { tags: string[]; collections: CollectionRef[]; versions: AssetFieldVersions }> {
  const asset = await getMedia(lib, id)
  const { organise, collections, editVersions } = lib.catalog.repos
  return {
    ...asset,
    tags: await organise.tagsOf(id),
    collections: seenCollections(lib.visibility ?? SEES_ALL, await collections.ofAsset(id)),
    versions: await editVersions.ofRecord('asset', id, ['name', 'notes', 'rating'] as const),
  }
}

/**
 * Adds tags to assets (creating missing tags) in one transaction; nothing is written if an id is unknown. A tag put
 * back on a content is no longer one taken off it.
 */
export function tagAssets(lib: Pick<Library, 'catalog'>, ids: readonly string[], names: readonly string[]) {
  return lib.catalog.transaction(async (repos) => {
    await requireKnown(repos, ids)
    const created: string[] = []
    const changed = new Set<string>()
    let added = 0
    for (const name of names) {
      const tag = await repos.organise.ensureTag(name)
      if (tag.created) created.push(tag.name)
      const linked = await repos.organise.link(tag.id, ids)
      await forgetRemoval(repos, 'tag', { assetIds: ids, name: tag.name })
      added += linked.size
      for (const id of ids) if (linked.has(id)) changed.add(id)
    }
    return { ids: [...changed], added, created }
  })
}

/**
 * Removes tags from assets in one transaction, recording who took each tag off which content; unknown tags remove
 * nothing, unknown ids are an error.
 */
export function untagAssets(lib: Pick<Library, 'catalog' | 'actor'>, ids: readonly string[], names: readonly string[]) {
  return lib.catalog.transaction(async (repos) => {
    await requireKnown(repos, ids)
    const changed = new Set<string>()
    let removed = 0
    for (const name of names) {
      const tag = await repos.organise.tagByName(name)
      if (!tag) continue
      const unlinked = await repos.organise.unlink(tag.id, ids)
      await recordRemoval(repos, lib.actor, 'tag', { assetIds: [...unlinked], name: tag.name })
      removed += unlinked.size
      for (const id of ids) if (unlinked.has(id)) changed.add(id)
    }
    return { ids: [...changed], removed }
  })
}

/** Rates assets 0–5; returns those whose rating changed. With `baseVersion` (one asset), a stale rating is refused. */
export async function rateAssets(lib: Editing, ids: readonly string[], rating: number, baseVersion?: number) {
  if (baseVersion !== undefined && ids.length === 1) {
    const [id] = ids as [string]
    let rated = new Set<string>()
    const version = await writeVersioned(lib, {
      ...assetField(id, 'rating', baseVersion, rating),
      write: async (repos) => {
        if (!(await repos.organise.knownIds([id])).has(id)) return false
        rated = await repos.organise.setRating([id], rating)
        return true
      },
    })
    return { ids: [...rated], rating, version }
  }
  const changed = await lib.catalog.transaction(async (repos) => {
    await requireKnown(repos, ids)
    const rated = await repos.organise.setRating(ids, rating)
    const changed = ids.filter((id) => rated.has(id))
    await repos.editVersions.bumpEach('asset', changed, 'rating', lib.actor ?? null, new Date().toISOString())
    return changed
  })
  return { ids: changed, rating }
}

/** Sets an asset's notes (blank notes are stored as none); a save from a stale `baseVersion` is refused. */
export async function setNotes(lib: Editing, id: string, notes: string | null, baseVersion?: number) {
  const stored = notes === null || notes.trim() === '' ? null : notes
  const version = await writeVersioned(lib, {
    ...assetField(id, 'notes', baseVersion, stored),
    write: (repos) => repos.organise.setNotes(id, stored),
  })
  return { id, notes: stored, version }
}

/** Gives an asset a new display name; a save from a stale `baseVersion` is refused. */
export async function renameAsset(lib: Editing, id: string, name: string, baseVersion?: number) {
  const version = await writeVersioned(lib, {
    ...assetField(id, 'name', baseVersion, name),
    write: (repos) => repos.organise.rename(id, name),
  })
  return { id, name, version }
}

// The parts of a versioned save of an asset's field that do not depend on how the field is written.
function assetField<F extends 'name' | 'notes' | 'rating'>(
  id: string,
  field: F,
  base: number | undefined,
  value: AssetFields[F],
): Omit<VersionedWrite<AssetFields[F]>, 'write'> {
  return {
    key: { kind: 'asset', id, field },
    base,
    value,
    read: async (repos) => (await repos.organise.editable(id))?.[field],
    missing: () => new AppError('not_found', `No asset with id ${id}.`),
  }
}

/** Throws not_found naming the unknown ones (the first few) when any of `ids` is not an asset. */
export async function requireKnown(repos: Pick<CatalogRepos, 'organise'>, ids: readonly string[]): Promise<void> {
  const known = await repos.organise.knownIds(ids)
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length === 0) return
  const shown = unknown.slice(0, SHOWN_UNKNOWN_IDS).join(', ')
  const more = unknown.length > SHOWN_UNKNOWN_IDS ? ` and ${unknown.length - SHOWN_UNKNOWN_IDS} more` : ''
  throw new AppError('not_found', `No asset with id ${shown}${more}.`, { unknown: unknown.slice(0, 100) })
}
