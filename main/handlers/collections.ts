import { AppError } from '../../shared/errors'
import {
  addToCollection,
  createCollection,
  deleteCollection,
  removeFromCollection,
  renameCollection,
  requireKept,
} from '../services/collections/collections'
import { shareCollection, sharesOf, unshareCollection } from '../services/collections/shares'
import type { Library } from '../services/library-context'
import { keeperOf } from '../services/people/ownership'
import { collectionsWithReview } from '../services/review/review-status'
import type { Caller, HandlerGroup } from './handler-types'

/** Throws unless the caller may change the collection: the team's is an editor's, a private one its owner's. */
const mayChange = (lib: Library, caller: Caller | undefined, id: number) => requireKept(lib, keeperOf(caller), id)

/** Collections: the team's, and each person's private ones (issue 60 point 3). */
export const collectionHandlers = {
  'collections:list': (_input, lib, caller) => collectionsWithReview(lib, keeperOf(caller)),
  'collections:create': ({ name, private: onlyMe }, lib, caller) =>
    createCollection(lib, name, keeperOf(caller), onlyMe),
  'collections:rename': async ({ id, name, baseVersion }, lib, caller) => {
    await mayChange(lib, caller, id)
    return renameCollection(lib, id, name, baseVersion)
  },
  'collections:delete': async ({ id }, lib, caller) => {
    await mayChange(lib, caller, id)
    return deleteCollection(lib, id)
  },
  'collections:add': async ({ collectionId, ids }, lib, caller) => {
    await mayChange(lib, caller, collectionId)
    return addToCollection(lib, collectionId, ids)
  },
  'collections:remove': async ({ collectionId, ids }, lib, caller) => {
    await mayChange(lib, caller, collectionId)
    return removeFromCollection(lib, collectionId, ids)
  },
  'collections:shares': async ({ collectionId }, lib, caller) => {
    await mayChange(lib, caller, collectionId)
    return { shares: await sharesOf(lib, collectionId) }
  },
  'collections:share': async ({ collectionId, with: target }, lib, caller) => {
    // A private collection is its owner's alone.
    if ((await mayChange(lib, caller, collectionId)).ownerId != null) {
      throw new AppError('validation', `Collection ${collectionId} is private (Only me): it is shared with nobody.`)
    }
    return shareCollection(lib, collectionId, target)
  },
  'collections:unshare': async ({ collectionId, with: target }, lib, caller) => {
    await mayChange(lib, caller, collectionId)
    return unshareCollection(lib, collectionId, target)
  },
} satisfies HandlerGroup
