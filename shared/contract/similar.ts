import { z } from 'zod'
import { jobOf } from './job-parts'
import { AssetId, MediaAsset } from './media'

/**
 * How a member relates to the asset it is linked to: the same footage (each ≥ 80% inside the other), it
 * contains the other (a trim or a part of it), it is part of the other, or they share footage.
 */
export const SimilarRelation = z.enum(['same', 'contains', 'part-of', 'overlaps'])
export type SimilarRelation = z.infer<typeof SimilarRelation>

/** Where two assets match, in seconds on each side (A: the member, B: the asset it is linked to). */
export const MatchedStretch = z.object({
  startA: z.number().nonnegative(),
  endA: z.number().nonnegative(),
  startB: z.number().nonnegative(),
  endB: z.number().nonnegative(),
})
export type MatchedStretch = z.infer<typeof MatchedStretch>

/** A share of an asset's frames (0–1) found in another. */
const Share = z.number().min(0).max(1)

/** How a group's member ties in: to the anchor, or along a chain to a member nearer it. */
export const SimilarLink = z.object({
  to: AssetId,
  relation: SimilarRelation,
  /** The share of the member's frames found in `to`. */
  shareOfMember: Share,
  /** The share of `to`'s frames found in the member. */
  shareOfOther: Share,
  stretches: z.array(MatchedStretch),
})
export type SimilarLink = z.infer<typeof SimilarLink>

/**
 * How two assets are related by how they were made, which makes them no duplicates: one is the other's sidecar,
 * proxy or processed version, or both were made from one clip (one stack); both came out of one run or sweep; or
 * one was made from the other.
 */
export const KinReason = z.enum(['sidecar', 'proxy', 'processed', 'same-source', 'same-run', 'made-from'])
export type KinReason = z.infer<typeof KinReason>

/** Another asset at least half of which lies inside a member (a trim, a part): not in the group, listed by the member. */
export const ContainedAsset = z.object({
  assetId: AssetId,
  name: z.string(),
  /** Where it lies on the member's timeline, in seconds. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
})
export type ContainedAsset = z.infer<typeof ContainedAsset>

/** One asset of a group of near-duplicates: the anchor has no link; `keeper` marks the one preselected to keep. */
export const SimilarMember = z.object({
  asset: MediaAsset,
  link: SimilarLink.nullable(),
  keeper: z.boolean(),
  /** It has generation details or a workflow: what made it is known. */
  hasProvenance: z.boolean(),
  /** Another member it is related to by how they were made: never proposed for deletion. */
  relatedBy: z.object({ to: AssetId, reason: KinReason }).nullable(),
  /** The assets outside the group at least half of which lie inside this one. */
  contains: z.array(ContainedAsset),
})
export type SimilarMember = z.infer<typeof SimilarMember>

/**
 * Copies of the same footage that hang together, the anchor first; `keeperWhy`: why the keeper was preselected, in
 * words ("the longest footage; the others are shorter"); `bytesFreed`: what deleting the others that may go (see shared/similar-keep.ts) frees.
 */
export const SimilarGroup = z.object({
  anchor: AssetId,
  members: z.array(SimilarMember).min(2),
  keeperWhy: z.string(),
  bytesFreed: z.number().int().nonnegative(),
})
export type SimilarGroup = z.infer<typeof SimilarGroup>

/**
 * Which assets a hashing job takes when a team library's workers share the hashing: those whose id starts with a
 * hexadecimal digit d where d mod `of` is `index` (an id that starts otherwise, in part 0).
 */
export const HashPart = z
  .object({ index: z.number().int().nonnegative(), of: z.number().int().min(1).max(16) })
  .refine((part) => part.index < part.of, { message: 'A part index is below the number of parts.' })
export type HashPart = z.infer<typeof HashPart>

/** The hashing job: every asset with pictures whose content has no frame hashes yet (of one part, when given). */
export const SimilarHashJob = jobOf(
  'similar-hash',
  z.object({ total: z.number().int().nonnegative(), part: HashPart.optional() }),
  z.object({ counts: z.object({ hashed: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }) }),
)
export type SimilarHashJob = z.infer<typeof SimilarHashJob>

/** Two different assets, in either order. */
const AssetPair = z
  .object({ a: AssetId, b: AssetId })
  .strict()
  .refine((pair) => pair.a !== pair.b, { message: 'An asset is no duplicate of itself: give two different ids.' })

export const similarChannels = {
  /**
   * Starts (or returns the running) job that hashes every asset not hashed yet; it resumes where a stopped one ended.
   * In a team library whose workers share the hashing, one job for each of 8 parts of the assets (the first started).
   */
  'similar:hash-all': {
    input: z.object({}).strict(),
    output: z.object({ job: SimilarHashJob }),
  },
  /** How many assets are hashed, wait to be, or could not be; the hashing job if one is queued or running. */
  'similar:status': {
    input: z.object({}).strict(),
    output: z.object({
      hashed: z.number().int().nonnegative(),
      waiting: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      job: SimilarHashJob.nullable(),
    }),
  },
  /** Groups of near-duplicates, largest first, without dismissed pairs; `minShare` drops links matched less. */
  'similar:groups': {
    input: z
      .object({
        minShare: Share.default(0),
        offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({
      groups: z.array(SimilarGroup),
      total: z.number().int().nonnegative(),
      /** What deleting every group's non-keepers would free, in bytes. */
      bytesFreed: z.number().int().nonnegative(),
    }),
  },
  /** One asset's near-duplicates (dismissed pairs left out), most matched first. */
  'similar:of': {
    input: z.object({ id: AssetId }).strict(),
    output: z.object({
      matches: z.array(
        z.object({
          asset: MediaAsset,
          relation: SimilarRelation,
          shareOfAsset: Share,
          shareOfOther: Share,
          stretches: z.array(MatchedStretch),
        }),
      ),
    }),
  },
  /** Records that two assets are not duplicates: the pair never comes back, even after a re-hash or a re-import. */
  'similar:dismiss': { input: AssetPair, output: z.object({ dismissed: z.literal(true) }) },
  /** Takes a dismissal back. */
  'similar:undismiss': { input: AssetPair, output: z.object({ dismissed: z.literal(false) }) },
} as const
