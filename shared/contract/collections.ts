import { z } from 'zod'
import { ReviewCounts } from './review-status'
import { AssetIds } from './browse'
import { BaseVersion } from './edit-versions'
import { nameText } from './name-text'

/** A collection's id, as channels take it. */
export const CollectionId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/** A collection's name: trimmed, 1–100 characters, no control characters; unique regardless of case. */
export const CollectionName = nameText('A collection name', 100)

/** A collection with the number of assets in it. */
export const Collection = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  count: z.number().int().nonnegative(),
  /** Its members counted by review status (issue 60 point 2), in collections:list's answer. */
  review: ReviewCounts.optional(),
  /** The name's version: a rename names it as its `baseVersion` (issue 64). */
  version: z.number().int().nonnegative(),
  /**
   * The person whose private collection it is ("Only me": the caller, as nobody is told of another's); null for the
   * team's.
   */
  ownerId: z.number().int().nullable().optional(),
})
export type Collection = z.infer<typeof Collection>

const Membership = z.object({ collectionId: CollectionId, ids: AssetIds }).strict()

export const collectionChannels = {
  /** The team's collections the caller may see and their own private ones, each with its asset count, by name. */
  'collections:list': {
    input: z.object({}).strict(),
    output: z.object({ collections: z.array(Collection) }),
  },
  /** Creates an empty collection; a name already taken (in any case) is a conflict. */
  'collections:create': {
    /** `private`: the caller's own ("Only me"), the default and only choice for viewers and commenters. */
    input: z.object({ name: CollectionName, private: z.boolean().optional() }).strict(),
    output: z.object({ collection: Collection }),
  },
  /**
   * Renames a collection; a name another collection has (in any case) is a conflict, and so is a name changed since
   * `baseVersion` (details: EditConflict). Returns the name's version after it.
   */
  'collections:rename': {
    input: z.object({ id: CollectionId, name: CollectionName, baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ collection: Collection, version: z.number().int() }),
  },
  /** Deletes a collection; its assets stay in the library (and in their other collections). */
  'collections:delete': {
    input: z.object({ id: CollectionId }).strict(),
    output: z.object({ id: z.number().int(), removed: z.number().int().nonnegative() }),
  },
  /** Adds assets to a collection (bulk); returns those that were not in it yet. Unknown ids write nothing. */
  'collections:add': {
    input: Membership,
    output: z.object({ ids: z.array(z.string()), added: z.number().int().nonnegative() }),
  },
  /** Takes assets out of a collection (they stay in the library); returns those that were in it. */
  'collections:remove': {
    input: Membership,
    output: z.object({ ids: z.array(z.string()), removed: z.number().int().nonnegative() }),
  },
} as const
