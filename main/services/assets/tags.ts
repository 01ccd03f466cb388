import type { CollectionRef, MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'
import { getMedia } from './media'

const SHOWN_UNKNOWN_IDS = 5

/** One asset with its tags and collections; not_found when the id is unknown. */
export function getMediaWithTags(
  lib: Pick<Library, 'repos'>,
  id: string,
): MediaAsset & { tags: string[]; collections: CollectionRef[] } {
  return { ...getMedia(lib, id), tags: lib.repos.organise.tagsOf(id), collections: lib.repos.collections.ofAsset(id) }
}

/** Adds tags to assets (creating missing tags) in one transaction; nothing is written if an id is unknown. */
export function tagAssets(lib: Pick<Library, 'db' | 'repos'>, ids: readonly string[], names: readonly string[]) {
  const result = lib.db.transaction(() => {
    requireKnown(lib, ids)
    const created: string[] = []
    const changed = new Set<string>()
    let added = 0
    for (const name of names) {
      const tag = lib.repos.organise.ensureTag(name)
      if (tag.created) created.push(tag.name)
      for (const id of ids) {
        if (lib.repos.organise.link(id, tag.id)) {
          added += 1
          changed.add(id)
        }
      }
    }
    return { ids: [...changed], added, created }
  })()
  return result
}

/** Removes tags from assets in one transaction; unknown tags remove nothing, unknown ids are an error. */
export function untagAssets(lib: Pick<Library, 'db' | 'repos'>, ids: readonly string[], names: readonly string[]) {
  const result = lib.db.transaction(() => {
    requireKnown(lib, ids)
    const changed = new Set<string>()
    let removed = 0
    for (const name of names) {
      const tag = lib.repos.organise.tagByName(name)
      if (!tag) continue
      for (const id of ids) {
        if (lib.repos.organise.unlink(id, tag.id)) {
          removed += 1
          changed.add(id)
        }
      }
    }
    return { ids: [...changed], removed }
  })()
  return result
}

/** Rates assets 0–5; returns those whose rating changed. */
export function rateAssets(lib: Pick<Library, 'db' | 'repos'>, ids: readonly string[], rating: number) {
  const changed = lib.db.transaction(() => {
    requireKnown(lib, ids)
    return ids.filter((id) => lib.repos.organise.setRating(id, rating))
  })()
  return { ids: changed, rating }
}

/** Sets an asset's notes; blank notes are stored as none. */
export function setNotes(lib: Pick<Library, 'repos'>, id: string, notes: string | null) {
  const stored = notes === null || notes.trim() === '' ? null : notes
  if (!lib.repos.organise.setNotes(id, stored)) throw new AppError('not_found', `No asset with id ${id}.`)
  return { id, notes: stored }
}

/** Gives an asset a new display name. */
export function renameAsset(lib: Pick<Library, 'repos'>, id: string, name: string) {
  if (!lib.repos.organise.rename(id, name)) throw new AppError('not_found', `No asset with id ${id}.`)
  return { id, name }
}

/** Throws not_found naming the unknown ones (the first few) when any of `ids` is not an asset. */
export function requireKnown(lib: Pick<Library, 'repos'>, ids: readonly string[]): void {
  const known = lib.repos.organise.knownIds(ids)
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length === 0) return
  const shown = unknown.slice(0, SHOWN_UNKNOWN_IDS).join(', ')
  const more = unknown.length > SHOWN_UNKNOWN_IDS ? ` and ${unknown.length - SHOWN_UNKNOWN_IDS} more` : ''
  throw new AppError('not_found', `No asset with id ${shown}${more}.`, { unknown: unknown.slice(0, 100) })
}
