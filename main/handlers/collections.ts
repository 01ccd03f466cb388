import {
  addToCollection,
  createCollection,
  deleteCollection,
  removeFromCollection,
  renameCollection,
} from '../services/collections/collections'
import { collectionsWithReview } from '../services/review/review-status'
import { shareCollection, sharesOf, unshareCollection } from '../services/collections/shares'
import type { HandlerGroup } from './handler-types'

export const collectionHandlers = {
  'collections:list': (_input, lib) => collectionsWithReview(lib),
  'collections:create': ({ name }, lib) => createCollection(lib, name),
  'collections:rename': ({ id, name, baseVersion }, lib) => renameCollection(lib, id, name, baseVersion),
  'collections:delete': ({ id }, lib) => deleteCollection(lib, id),
  'collections:add': ({ collectionId, ids }, lib) => addToCollection(lib, collectionId, ids),
  'collections:remove': ({ collectionId, ids }, lib) => removeFromCollection(lib, collectionId, ids),
  'collections:shares': async ({ collectionId }, lib) => ({ shares: await sharesOf(lib, collectionId) }),
  'collections:share': ({ collectionId, with: target }, lib) => shareCollection(lib, collectionId, target),
  'collections:unshare': ({ collectionId, with: target }, lib) => unshareCollection(lib, collectionId, target),
} satisfies HandlerGroup
