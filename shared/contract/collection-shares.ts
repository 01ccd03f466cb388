import { z } from 'zod'
import { Role } from '../access'
import { CollectionId } from './collections'
import { PersonId } from './people'

/** Whom a collection is shared with: one person, by id, or everyone of a role. */
export const ShareTarget = z.union([z.object({ personId: PersonId }).strict(), z.object({ role: Role }).strict()])
export type ShareTarget = z.infer<typeof ShareTarget>

/** One share of a collection: with a person (and their name) or with a role; who shared it and when. */
export const CollectionShare = z.object({
  collectionId: z.number().int(),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  role: Role.nullable(),
  sharedBy: z.string().nullable(),
  sharedAt: z.string(),
})
export type CollectionShare = z.infer<typeof CollectionShare>

const ShareChange = z.object({ collectionId: CollectionId, with: ShareTarget }).strict()
const Shares = z.object({ shares: z.array(CollectionShare) })

export const collectionShareChannels = {
  /** Who a collection is shared with: people by name, then roles. */
  'collections:shares': {
    input: z.object({ collectionId: CollectionId }).strict(),
    output: Shares,
  },
  /**
   * Shares a collection with a person or a role: a viewer limited to shared collections then sees its assets. Sharing
   * again changes nothing. Returns its shares.
   */
  'collections:share': {
    input: ShareChange,
    output: Shares,
  },
  /** Stops sharing a collection with a person or a role; not shared with them is `not_found`. Returns its shares. */
  'collections:unshare': {
    input: ShareChange,
    output: Shares,
  },
} as const
