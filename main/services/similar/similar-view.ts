import type { MediaAsset, SimilarGroup, SimilarMember } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { deletableWith } from '../../../shared/similar-keep'
import type { KinPair } from '../../db/repos/similar-kin'
import type { Library } from '../library-context'
import { type AssetPair, groupPairs } from '../../similar/similar-groups'
import { HASH_CONFIG_HASH } from './hash-config'
import { chooseKeeper, pixels } from './keeper'
import { visibleAmong } from '../visibility/visibility'

/**
 * Groups of near-duplicates as the review page lists them, largest first, without dismissed pairs. Only copies of
 * the same footage group (issue 37 point 2): a clip that contains another is its own thing, so two clips inside a
 * third never meet through it (each member lists what lies inside it instead), and assets related by how they were
 * made (a stack, one run or sweep, one made from the other) are no duplicates of each other.
 */
export async function similarGroups(
  lib: Pick<Library, 'catalog' | 'nearDuplicates' | 'visibility'>,
  { minShare, offset, limit }: { minShare: number; offset: number; limit: number },
): Promise<{ groups: SimilarGroup[]; total: number; bytesFreed: number }> {
  const { similar, media } = lib.catalog.repos
  const dismissed = await similar.dismissedPairs()
  const strong = (await lib.nearDuplicates.pairs()).filter(
    (pair) => Math.max(pair.shareA, pair.shareB) >= minShare && !dismissed.has(pairKey(pair.a, pair.b)),
  )
  // Pairs the caller sees both assets of: an asset outside a limited person's share is in no group.
  const visible = await visibleAmong(lib, [...new Set(idsOf(strong))])
  const related = strong.filter((pair) => visible.has(pair.a) && visible.has(pair.b))
  const sameFootage = related.filter((pair) => pair.relation === 'same')
  const kin = new Map((await similar.kin(idsOf(sameFootage))).map((pair) => [pairKey(pair.a, pair.b), pair]))
  const copies = sameFootage.filter((pair) => !kin.has(pairKey(pair.a, pair.b)))
  const inside = containedBy(related)
  const ids = [...new Set([...idsOf(copies), ...[...inside.values()].flat().map((one) => one.assetId)])]
  const pictures = await similar.pictureSizes(HASH_CONFIG_HASH, ids)
  const found = await Promise.all(ids.map((id) => media.get(id)))
  const assets = new Map(found.flatMap((asset) => asset ?? []).map((asset) => [asset.id, asset]))
  // The anchor, which the others link to, is the longest member, then the one with the larger picture.
  const weights = new Map(
    idsOf(copies).map((id) => {
      const asset = assets.get(id)
      return [id, [asset?.durationSeconds ?? 0, pixels(pictures.get(id) ?? asset?.resolution ?? null)]]
    }),
  )
  const grouped = groupPairs(copies, weights).flatMap((group) => {
    const members = group.members.flatMap(({ assetId, link }) => {
      const asset = assets.get(assetId)
      return asset ? [{ asset, link }] : []
    })
    return members.length < 2 ? [] : [{ anchor: group.anchor, members }]
  })
  // What made them is asked once for the members of every group.
  const provenance = await similar.withProvenance(
    grouped.flatMap(({ members }) => members.map(({ asset }) => asset.id)),
  )
  const groups = grouped.map(({ anchor, members }) => {
    const inGroup = new Set(members.map(({ asset }) => asset.id))
    const facts = {
      pictures,
      provenance,
      kin: [...kin.values()].filter((pair) => inGroup.has(pair.a) && inGroup.has(pair.b)),
      inside: (id: string) =>
        (inside.get(id) ?? []).flatMap((one) => {
          const asset = assets.get(one.assetId)
          return asset && !inGroup.has(asset.id) ? [{ ...one, name: asset.name }] : []
        }),
    }
    return describeGroup(anchor, members, facts)
  })
  return {
    groups: groups.slice(offset, offset + limit),
    total: groups.length,
    bytesFreed: groups.reduce((sum, group) => sum + group.bytesFreed, 0),
  }
}

/** One asset's near-duplicates, most matched first, without dismissed pairs. */
export async function similarOf(lib: Pick<Library, 'catalog' | 'nearDuplicates' | 'visibility'>, id: string) {
  const { similar, media } = lib.catalog.repos
  if (!(await media.get(id))) throw new AppError('not_found', `No asset ${id} in the library.`)
  const dismissed = await similar.dismissedPairs()
  const near = await lib.nearDuplicates.of(id)
  const visible = await visibleAmong(
    lib,
    near.map((one) => one.assetId),
  )
  const candidates = near.filter((one) => visible.has(one.assetId))
  const found = await Promise.all(
    candidates.map(async ({ assetId, match }) => {
      if (match.relation === null || dismissed.has(pairKey(id, assetId))) return []
      const asset = await media.get(assetId)
      if (!asset) return []
      const { relation, shareA: shareOfAsset, shareB: shareOfOther, stretches } = match
      return [{ asset, relation, shareOfAsset, shareOfOther, stretches }]
    }),
  )
  const matches = found.flat()
  return { matches: matches.sort((a, b) => b.shareOfAsset + b.shareOfOther - (a.shareOfAsset + a.shareOfOther)) }
}

/** The key a dismissal is stored under (see SimilarRepo.dismissedPairs). */
function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}

/** A group with its keeper preselected (see keeper.ts), what each member is kin to and holds, and what deleting frees. */
function describeGroup(
  anchor: string,
  members: { asset: MediaAsset; link: SimilarMember['link'] }[],
  facts: {
    pictures: ReadonlyMap<string, string | null>
    provenance: ReadonlySet<string>
    kin: readonly KinPair[]
    inside(id: string): SimilarMember['contains']
  },
): SimilarGroup {
  const { provenance } = facts
  const { keeper, why } = chooseKeeper(
    members.map(({ asset }) => ({
      asset,
      picture: facts.pictures.get(asset.id) ?? asset.resolution,
      derived: facts.kin.some(
        (pair) =>
          pair.reason !== 'same-run' && (pair.a === asset.id || (pair.reason === 'same-source' && pair.b === asset.id)),
      ),
      hasProvenance: provenance.has(asset.id),
    })),
  )
  const kinOf = (id: string) => {
    const pair = facts.kin.find((one) => one.a === id || one.b === id)
    return pair ? { to: pair.a === id ? pair.b : pair.a, reason: pair.reason } : null
  }
  const group: SimilarGroup = {
    anchor,
    members: members.map(({ asset, link }) => ({
      asset,
      link,
      keeper: asset.id === keeper.id,
      hasProvenance: provenance.has(asset.id),
      relatedBy: kinOf(asset.id),
      contains: facts.inside(asset.id),
    })),
    keeperWhy: why,
    bytesFreed: 0,
  }
  group.bytesFreed = deletableWith(group, keeper.id).reduce((sum, { asset }) => sum + (asset.sizeBytes ?? 0), 0)
  return group
}

function idsOf(pairs: readonly { a: string; b: string }[]): string[] {
  return [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))]
}

// An asset lies inside another, for what deleting that one would lose, when at least this share of it is found there.
const INSIDE_SHARE = 0.5

/** For each asset that holds others (a trim, a part, most of an overlapping clip), each one and where, on its own timeline. */
function containedBy(pairs: readonly AssetPair[]): Map<string, { assetId: string; start: number; end: number }[]> {
  const inside = new Map<string, { assetId: string; start: number; end: number }[]>()
  const hold = (outer: string, inner: string, stretches: { start: number; end: number }[]) => {
    const list = inside.get(outer) ?? inside.set(outer, []).get(outer)!
    const start = stretches.length ? Math.min(...stretches.map((stretch) => stretch.start)) : 0
    list.push({ assetId: inner, start, end: Math.max(0, ...stretches.map((stretch) => stretch.end)) })
  }
  for (const pair of pairs) {
    if (pair.relation === 'same') continue
    if (pair.shareB >= INSIDE_SHARE)
      hold(
        pair.a,
        pair.b,
        pair.stretches.map((s) => ({ start: s.startA, end: s.endA })),
      )
    if (pair.shareA >= INSIDE_SHARE)
      hold(
        pair.b,
        pair.a,
        pair.stretches.map((s) => ({ start: s.startB, end: s.endB })),
      )
  }
  return inside
}
