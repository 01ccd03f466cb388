import { z } from 'zod'
import { PutTally } from './cache-rows'
import { AssetId, MediaListItem } from './media'

/** Why a file stands under another's card: its sidecar PNG, a proxy made of it, or another processed version. */
export const StackReason = z.enum(['sidecar', 'proxy', 'processed'])
export type StackReason = z.infer<typeof StackReason>

/** Most members `stacks:of` lists; `count` says how many there are in all. */
export const MAX_STACK_MEMBERS = 200

/** An asset's place in the stacks: the head it stands under, and the members it heads. */
export const StackView = z.object({
  /** The head of the stack this asset is in, while that head is in the library (not in the trash); else null. */
  head: z.object({ id: z.string(), name: z.string(), reason: StackReason }).nullable(),
  /** The files stacked under this asset, by reason then name (at most MAX_STACK_MEMBERS), each as a list item. */
  members: z.array(z.object({ asset: MediaListItem, reason: StackReason })),
  /** How many files are stacked under this asset in all. */
  count: z.number().int().nonnegative(),
})
export type StackView = z.infer<typeof StackView>

export const stackChannels = {
  /** One asset's stack: the head it stands under, or the members it heads; not_found for an unknown asset. */
  'stacks:of': {
    input: z.object({ id: AssetId }).strict(),
    output: StackView,
  },
  /**
   * Stacks assets as another library had them (a push): each member under its head (or under the head its head is
   * in: stacks are flat). A member in a stack here already stays where it is and is counted present.
   */
  'stacks:put': {
    input: z
      .object({
        stacks: z
          .array(z.object({ memberId: AssetId, headId: AssetId, reason: StackReason }).strict())
          .min(1)
          .max(500),
      })
      .strict(),
    output: PutTally,
  },
} as const
