import type { SimilarGroup, SimilarMember } from './contract'

/**
 * Why a member stays when `keeperId` is kept (issue 37 point 2), or null when it may go with the others: it is
 * related to another member by how they were made (not a duplicate), or footage inside it (another clip) does
 * not lie inside the keeper, so deleting it would lose that footage.
 */
export function whyKept(
  member: SimilarMember,
  group: SimilarGroup,
  keeperId: string,
): { related: NonNullable<SimilarMember['relatedBy']> } | { lacking: SimilarMember['contains'] } | null {
  if (member.asset.id === keeperId) return null
  if (member.relatedBy) return { related: member.relatedBy }
  const keeper = group.members.find((one) => one.asset.id === keeperId)
  const inKeeper = new Set(keeper?.contains.map((inside) => inside.assetId))
  const lacking = member.contains.filter((inside) => !inKeeper.has(inside.assetId))
  return lacking.length > 0 ? { lacking } : null
}

/** The members deleting "the others" removes when `keeperId` is kept: all but the keeper and those `whyKept` keeps. */
export function deletableWith(group: SimilarGroup, keeperId: string): SimilarMember[] {
  return group.members.filter((member) => member.asset.id !== keeperId && !whyKept(member, group, keeperId))
}
