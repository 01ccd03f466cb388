import { z } from 'zod'
import { ContentHash } from './media'

/** Who removed something from the library and when: a person's name (as the activity log keeps it), an ISO time. */
const RemovedBy = { by: z.string(), at: z.string() }

/**
 * What was deleted or removed in this library, by whom and when (issue 64 point 2): a push from someone's library
 * asks before sending, so it never puts back what a teammate took away. A removal holds until it is undone here
 * (the trash's Undo, the same tag or collection member put back, a collection of that name made again, the same
 * content imported again by a person).
 */
export const Removals = z.object({
  /** Contents deleted here (to the trash, and still once it is emptied), until brought back or imported again. */
  assets: z.array(z.object({ hash: ContentHash, ...RemovedBy })),
  /** Tags taken off a content. */
  tags: z.array(z.object({ hash: ContentHash, tag: z.string(), ...RemovedBy })),
  /** Contents taken out of a collection, the collection by name. */
  members: z.array(z.object({ hash: ContentHash, collection: z.string(), ...RemovedBy })),
  /** Collections deleted here, every one of them (not only those of the contents asked about). */
  collections: z.array(z.object({ name: z.string(), ...RemovedBy })),
})
export type Removals = z.infer<typeof Removals>

export const removalChannels = {
  /** What was removed from these contents here (and every deleted collection): what a push must not send back. */
  'media:removed': {
    input: z.object({ hashes: z.array(ContentHash).min(1).max(500) }).strict(),
    output: Removals,
  },
}
