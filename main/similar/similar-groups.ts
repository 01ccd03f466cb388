import type { FrameIndex } from './frame-index'
import { describePair, type PairMatch, type Relation, reversePair, type Stretch } from './frame-match'

/** Two assets that match, with A's view of B: A's share found in B, B's share found in A, and the relation. */
export interface AssetPair extends PairMatch {
  a: string
  b: string
  relation: Relation
}

/** How a member ties into its group: its relation to `to`, the group's anchor or, along a chain, a member nearer it. */
export interface MemberLink {
  to: string
  relation: Relation
  /** The share of the member's frames found in `to`. */
  shareOfMember: number
  /** The share of `to`'s frames found in the member. */
  shareOfOther: number
  /** Matched stretches, A being the member and B `to`. */
  stretches: Stretch[]
}

/** One asset of a group; the anchor has no link. */
export interface GroupMember {
  assetId: string
  link: MemberLink | null
}

/** Near-duplicates that hang together: the anchor first, then each member linked to the anchor or along a chain. */
export interface SimilarGroup {
  anchor: string
  members: GroupMember[]
}

/** Long jobs report progress and stop when asked (the worker's cancel flag). */
export interface PairSearchOptions {
  /** Frames of each asset looked up to find its candidates; every candidate is then compared in full. */
  samples?: number
  onProgress?: (done: number, total: number) => void
  cancelled?: () => boolean
}

/** Looking up 12 evenly spaced frames finds any matched stretch longer than a twelfth of the asset. */
const DEFAULT_SAMPLES = 12
const PROGRESS_EVERY = 256

/**
 * Every related pair of indexed assets. Each asset's evenly spaced sample frames are looked up in the index, and every
 * asset they hit is compared with it frame by frame, so shares are exact. A related pair always has a side with at
 * least 30% of its frames matched (80% for "contains"); a matched stretch of that side longer than the sample spacing
 * always holds a sample; matches scattered at random are missed with a chance of at most 0.7^samples.
 */
export function findPairs(index: FrameIndex, options: PairSearchOptions = {}): AssetPair[] {
  const { samples = DEFAULT_SAMPLES, onProgress, cancelled } = options
  const ids = index.assetIds()
  const compared = new Set<string>()
  const pairs: AssetPair[] = []
  ids.forEach((assetId, done) => {
    if (done % PROGRESS_EVERY === 0) {
      if (cancelled?.())
        throw Object.assign(new Error('Grouping near-duplicates was cancelled'), { name: 'AbortError' })
      onProgress?.(done, ids.length)
    }
    const frames = index.framesOf(assetId)
    for (const { assetId: otherId } of index.queryFrames(evenlySpaced(frames, samples))) {
      if (otherId === assetId) continue
      const key = assetId < otherId ? `${assetId}\n${otherId}` : `${otherId}\n${assetId}`
      if (compared.has(key)) continue
      compared.add(key)
      const match = describePair(frames, index.framesOf(otherId), index.hitsBetween(assetId, otherId))
      if (match.relation) pairs.push({ a: assetId, b: otherId, ...match, relation: match.relation })
    }
  })
  onProgress?.(ids.length, ids.length)
  return pairs
}

/**
 * Groups of assets connected by related pairs, largest first. The anchor is the heaviest member by `weights`,
 * compared in order (the longest first: the one others are trims or parts of; then, say, the larger picture), then
 * the one with the most relations; every other member links to the member one step nearer the anchor, so a chain
 * A~B~C where A and C do not match shows C linked to B, not claimed to match A.
 */
export function groupPairs(
  pairs: readonly AssetPair[],
  weights: ReadonlyMap<string, readonly number[]>,
): SimilarGroup[] {
  const neighbours = new Map<string, Map<string, PairMatch>>()
  const link = (from: string, to: string, match: PairMatch) => {
    const known = neighbours.get(from) ?? neighbours.set(from, new Map()).get(from)!
    known.set(to, match)
  }
  for (const pair of pairs) {
    link(pair.a, pair.b, pair)
    link(pair.b, pair.a, reversePair(pair))
  }
  const grouped = new Set<string>()
  const groups: SimilarGroup[] = []
  for (const start of neighbours.keys()) {
    if (grouped.has(start)) continue
    const component = reachable(start, neighbours)
    component.forEach((member) => grouped.add(member))
    const weight = (id: string) => [...(weights.get(id) ?? []), neighbours.get(id)!.size]
    const anchor = component.reduce((best, id) => (isHeavier(weight(id), weight(best), id, best) ? id : best))
    groups.push({ anchor, members: linkedFrom(anchor, neighbours) })
  }
  return groups.sort((x, y) => y.members.length - x.members.length || (x.anchor < y.anchor ? -1 : 1))
}

function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items]
  return Array.from({ length: count }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / count)]!)
}

function reachable(start: string, neighbours: ReadonlyMap<string, ReadonlyMap<string, PairMatch>>): string[] {
  const seen = new Set([start])
  for (const id of seen) for (const next of neighbours.get(id)!.keys()) seen.add(next)
  return [...seen]
}

function isHeavier(weight: number[], than: number[], id: string, other: string): boolean {
  for (let i = 0; i < weight.length; i++) if (weight[i] !== than[i]) return weight[i]! > than[i]!
  return id < other
}

/** A breadth-first walk from the anchor: each member links to the member it was reached from. */
function linkedFrom(anchor: string, neighbours: ReadonlyMap<string, ReadonlyMap<string, PairMatch>>): GroupMember[] {
  const members: GroupMember[] = [{ assetId: anchor, link: null }]
  const seen = new Set([anchor])
  for (let i = 0; i < members.length; i++) {
    const from = members[i]!.assetId
    const next = [...neighbours.get(from)!].filter(([id]) => !seen.has(id)).sort(([x], [y]) => (x < y ? -1 : 1))
    for (const [assetId, match] of next) {
      seen.add(assetId)
      const { shareA: shareOfMember, shareB: shareOfOther, relation, stretches } = reversePair(match)
      members.push({
        assetId,
        link: { to: from, relation: relation!, shareOfMember, shareOfOther, stretches },
      })
    }
  }
  return members
}
