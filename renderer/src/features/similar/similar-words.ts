import type { KinReason, SimilarGroup, SimilarMember, SimilarRelation } from '../../../../shared/contract'
import { deletableWith, whyKept } from '../../../../shared/similar-keep'
import { formatDuration } from '../../format'

/** A stretch of one member's own timeline, in seconds. */
export interface Span {
  start: number
  end: number
}

const percent = (share: number) => `${Math.round(share * 100)}%`

/**
 * How a member relates to the asset it is linked to, in words ("same footage as b.mp4, 98% matched");
 * the anchor, which has no link, is what the others are compared with.
 */
export function relationWords(member: SimilarMember, nameOf: (id: string) => string): string {
  const { link } = member
  if (!link) return 'The others are compared with this one.'
  return relationSentence(link.relation, link.shareOfMember, link.shareOfOther, nameOf(link.to))
}

/** How one asset relates to `other`, given the share of each found in the other, in words. */
export function relationSentence(
  relation: SimilarRelation,
  shareOfThis: number,
  shareOfOther: number,
  other: string,
): string {
  switch (relation) {
    case 'same':
      return `Same footage as ${other}, ${percent(Math.min(shareOfThis, shareOfOther))} matched.`
    case 'contains':
      return `Contains ${other}: the other is a trim, ${percent(shareOfOther)} of it inside this one.`
    case 'part-of':
      return `Part of ${other}: a trim of it, ${percent(shareOfThis)} of this one inside the other.`
    case 'overlaps':
      return `Shares footage with ${other}: ${percent(shareOfThis)} of this one and ${percent(shareOfOther)} of the other match.`
  }
}

/**
 * Where a member matches the rest of its group on its own timeline, merged and in order: its link's
 * stretches (side A) and the stretches of members linked to it (side B).
 */
export function matchedSpans(group: SimilarGroup, memberId: string): Span[] {
  const spans: Span[] = []
  for (const { asset, link } of group.members) {
    if (!link) continue
    if (asset.id === memberId) spans.push(...link.stretches.map((s) => ({ start: s.startA, end: s.endA })))
    else if (link.to === memberId) spans.push(...link.stretches.map((s) => ({ start: s.startB, end: s.endB })))
  }
  spans.sort((a, b) => a.start - b.start)
  const merged: Span[] = []
  for (const span of spans) {
    const last = merged.at(-1)
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else merged.push({ ...span })
  }
  return merged
}

/** The assets deleting the non-keepers would remove: every member that may go with its group's keeper (`keepers` by anchor, else the preselected one) kept. */
export function nonKeepers(
  groups: readonly SimilarGroup[],
  keepers: Readonly<Record<string, string>>,
): SimilarMember['asset'][] {
  return groups.flatMap((group) => deletableWith(group, keeperOf(group, keepers)).map((member) => member.asset))
}

const KIN_WORDS: Record<KinReason, string> = {
  sidecar: 'one is the other’s sidecar picture',
  proxy: 'one is a proxy of the other',
  processed: 'one is a processed version of the other',
  'same-source': 'both were made from one clip',
  'same-run': 'both came out of one run',
  'made-from': 'one was made from the other',
}

/** Why a member stays when the others go, in words; null when it goes with them. */
export function keptWords(
  member: SimilarMember,
  group: SimilarGroup,
  keeperId: string,
  nameOf: (id: string) => string,
): string | null {
  const kept = whyKept(member, group, keeperId)
  if (!kept) return null
  if ('related' in kept) {
    const { to, reason } = kept.related
    return `Related to ${nameOf(to)} by how they were made (${KIN_WORDS[reason]}): not a duplicate, never deleted with the others.`
  }
  const names = kept.lacking.map((inside) => inside.name)
  return `Holds footage the keeper lacks (${listWords(names)} lies inside it): never deleted with the others.`
}

/**
 * The clips of their own that lie inside a group's footage, in words, each where it lies in the keeper (else in the
 * first member that holds it); null for none.
 */
export function insideWords(group: SimilarGroup, keeperId: string): string | null {
  const holders = [...group.members].sort((a, b) => Number(b.asset.id === keeperId) - Number(a.asset.id === keeperId))
  const inside = new Map<string, SimilarMember['contains'][number]>()
  for (const member of holders)
    for (const one of member.contains) if (!inside.has(one.assetId)) inside.set(one.assetId, one)
  if (inside.size === 0) return null
  const each = [...inside.values()].map(
    (one) => `${one.name} at ${formatDuration(one.start)}–${formatDuration(one.end)}`,
  )
  return `Clips of their own inside this footage (not duplicates): ${listWords(each)}.`
}

const SHOWN = 4

function listWords(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN)
  const more = items.length - shown.length
  if (more > 0) return `${shown.join(', ')} and ${more} more`
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`
}

/** The id of the member a group keeps: the one chosen on the page, else the preselected one. */
export function keeperOf(group: SimilarGroup, keepers: Readonly<Record<string, string>>): string {
  const chosen = keepers[group.anchor]
  if (chosen && group.members.some((member) => member.asset.id === chosen)) return chosen
  return (group.members.find((member) => member.keeper) ?? group.members[0]!).asset.id
}

// Stretches are found from frames sampled about once a second: a shift under this is sampling, not a trim.
const SAMPLING_SLACK = 1.5

/**
 * Where each member's time 0 lies on the anchor's timeline (a trim of the middle starts later), from the first
 * matched stretch of each link along the chain to the anchor; 0 for the anchor and unaligned members.
 */
export function playbackOffsets(group: SimilarGroup): Record<string, number> {
  const byId = new Map(group.members.map((member) => [member.asset.id, member]))
  const offsets: Record<string, number> = {}
  const offsetOf = (id: string, seen: Set<string>): number => {
    if (id in offsets) return offsets[id]!
    const link = byId.get(id)?.link
    const first = link?.stretches[0]
    if (!link || !first || seen.has(id)) return 0
    const shift = first.startB - first.startA
    const own = Math.abs(shift) < SAMPLING_SLACK ? 0 : shift
    return own + offsetOf(link.to, seen.add(id))
  }
  for (const id of byId.keys()) offsets[id] = offsetOf(id, new Set())
  return offsets
}
