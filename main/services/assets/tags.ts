import type { CollectionRef, MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'
import type { CatalogRepos } from '../../db/catalog'
import { getMedia } from './media'

const SHOWN_UNKNOWN_IDS = 5

/** One asset with its tags and collections; not_found when the id is unknown. */
export async function getMediaWithTags(
  lib: Pick<Library, 'catalog'>,
  id: string,
): Promise<MediaAsset & { tags: string[]; collections: CollectionRef[] }> {
  const asset = await getMedia(lib, id)
  const { organise, collections } = lib.catalog.repos
  return { ...asset, tags: await organise.tagsOf(id), collections: await collections.ofAsset(id) }
}

/** Adds tags to assets (creating missing tags) in one transaction; nothing is written if an id is unknown. */
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
      added += linked.size
      for (const id of ids) if (linked.has(id)) changed.add(id)
    }
    return { ids: [...changed], added, created }
  })
}

/** Removes tags from assets in one transaction; unknown tags remove nothing, unknown ids are an error. */
export function untagAssets(lib: Pick<Library, 'catalog'>, ids: readonly string[], names: readonly string[]) {
  return lib.catalog.transaction(async (repos) => {
    await requireKnown(repos, ids)
    const changed = new Set<string>()
    let removed = 0
    for (const name of names) {
      const tag = await repos.organise.tagByName(name)
      if (!tag) continue
      const unlinked = await repos.organise.unlink(tag.id, ids)
      removed += unlinked.size
      for (const id of ids) if (unlinked.has(id)) changed.add(id)
    }
    return { ids: [...changed], removed }
  })
}

/** Rates assets 0–5; returns those whose rating changed. */
export async function rateAssets(lib: Pick<Library, 'catalog'>, ids: readonly string[], rating: number) {
  const changed = await lib.catalog.transaction(async (repos) => {
    await requireKnown(repos, ids)
    const rated = await repos.organise.setRating(ids, rating)
    return ids.filter((id) => rated.has(id))
  })
  return { ids: changed, rating }
}

/** Sets an asset's notes; blank notes are stored as none. */
export async function setNotes(lib: Pick<Library, 'catalog'>, id: string, notes: string | null) {
  const stored = notes === null || notes.trim() === '' ? null : notes
  if (!(await lib.catalog.repos.organise.setNotes(id, stored)))
    throw new AppError('not_found', `No asset with id ${id}.`)
  return { id, notes: stored }
}

/** Gives an asset a new display name. */
export async function renameAsset(lib: Pick<Library, 'catalog'>, id: string, name: string) {
  if (!(await lib.catalog.repos.organise.rename(id, name))) throw new AppError('not_found', `No asset with id ${id}.`)
  return { id, name }
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
