import { mediaFacets } from '../services/assets/media-search'
import { rateAssets, renameAsset, setNotes, tagAssets, untagAssets } from '../services/assets/tags'
import { keeperOf } from '../services/people/ownership'
import { visibleInParam } from '../services/visibility/visibility'
import type { HandlerGroup } from './handler-types'

export const browseHandlers = {
  'media:facets': async ({ query, filter }, lib, caller) => {
    const facets = await mediaFacets(lib, query, filter)
    // Another person's private collection is not counted, not even by its id.
    if (!caller) return facets
    const hidden = new Set(await lib.catalog.repos.collections.othersPrivate(keeperOf(caller).personId))
    return { ...facets, collections: facets.collections.filter(({ value }) => !hidden.has(Number(value))) }
  },
  'media:tag': ({ ids, tags }, lib) => tagAssets(lib, ids, tags),
  'media:untag': ({ ids, tags }, lib) => untagAssets(lib, ids, tags),
  'media:set-rating': ({ ids, rating, baseVersion }, lib) => rateAssets(lib, ids, rating, baseVersion),
  'media:set-notes': ({ id, notes, baseVersion }, lib) => setNotes(lib, id, notes, baseVersion),
  'media:rename': ({ id, name, baseVersion }, lib) => renameAsset(lib, id, name, baseVersion),
  'tags:list': async ({ prefix, limit }, lib) => ({
    tags: await lib.catalog.repos.organise.list(prefix ?? null, limit, visibleInParam(lib.visibility)),
  }),
} satisfies HandlerGroup
