import type { MediaAsset, SimilarGroup, SimilarMember } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { groupPairs } from '../../similar/similar-groups'
import { HASH_CONFIG_HASH } from './hash-config'

/** Groups of near-duplicates as the review page lists them, largest first, without dismissed pairs. */
export async function similarGroups(
  lib: Pick<Library, 'nearDuplicates' | 'repos'>,
  { minShare, offset, limit }: { minShare: number; offset: number; limit: number },
): Promise<{ groups: SimilarGroup[]; total: number; bytesFreed: number }> {
  const dismissed = lib.repos.similar.dismissedPairs()
  const kept = (await lib.nearDuplicates.pairs()).filter(
    (pair) => Math.max(pair.shareA, pair.shareB) >= minShare && !dismissed.has(pairKey(pair.a, pair.b)),
  )
  const ids = [...new Set(kept.flatMap((pair) => [pair.a, pair.b]))]
  const pictures = lib.repos.similar.pictureSizes(HASH_CONFIG_HASH, ids)
  const assets = new Map(ids.flatMap((id) => lib.repos.media.get(id) ?? []).map((asset) => [asset.id, asset]))
  // The anchor, which the others link to, is the longest member (the one trims and parts lie inside), then the one
  // with the larger picture (of copies of one photo, not a thumbnail-sized one).
  const weights = new Map(
    [...assets.values()].map((asset) => [
      asset.id,
      [asset.durationSeconds ?? 0, pixels(pictures.get(asset.id) ?? asset.resolution)],
    ]),
  )
  const groups = groupPairs(kept, weights).flatMap((group) => {
    const members = group.members.flatMap(({ assetId, link }) => {
      const asset = assets.get(assetId)
      return asset ? [{ asset, link }] : []
    })
    return members.length < 2 ? [] : [withKeeper(lib, group.anchor, members, pictures)]
  })
  return {
    groups: groups.slice(offset, offset + limit),
    total: groups.length,
    bytesFreed: groups.reduce((sum, group) => sum + group.bytesFreed, 0),
  }
}

/** One asset's near-duplicates, most matched first, without dismissed pairs. */
export async function similarOf(lib: Pick<Library, 'nearDuplicates' | 'repos'>, id: string) {
  if (!lib.repos.media.get(id)) throw new AppError('not_found', `No asset ${id} in the library.`)
  const dismissed = lib.repos.similar.dismissedPairs()
  const candidates = await lib.nearDuplicates.of(id)
  const matches = candidates.flatMap(({ assetId, match }) => {
    const asset = lib.repos.media.get(assetId)
    if (!asset || match.relation === null || dismissed.has(pairKey(id, assetId))) return []
    const { relation, shareA: shareOfAsset, shareB: shareOfOther, stretches } = match
    return [{ asset, relation, shareOfAsset, shareOfOther, stretches }]
  })
  return { matches: matches.sort((a, b) => b.shareOfAsset + b.shareOfOther - (a.shareOfAsset + a.shareOfOther)) }
}

/** The key a dismissal is stored under (see SimilarRepo.dismissedPairs). */
function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}

/**
 * A group with its keeper preselected (issue 21: what made it is known, then the larger picture, then the
 * longer; then one without black bars, then the larger file, then the earlier import) and what deleting the
 * others would free.
 */
function withKeeper(
  lib: Pick<Library, 'repos'>,
  anchor: string,
  members: { asset: MediaAsset; link: SimilarMember['link'] }[],
  pictures: ReadonlyMap<string, string | null>,
): SimilarGroup {
  const provenance = lib.repos.similar.withProvenance(members.map(({ asset }) => asset.id))
  const rank = (asset: MediaAsset) => [
    provenance.has(asset.id) ? 1 : 0,
    // Black bars add pixels, not picture: a letterboxed copy is no sharper than its source.
    pixels(pictures.get(asset.id) ?? asset.resolution),
    asset.durationSeconds ?? 0,
    // Of copies alike, one whose picture fills its frame, then the larger file (at the same picture and length, the
    // one compressed least: a blurred or low-bitrate copy is smaller), then the one in the library first.
    pictures.get(asset.id) === asset.resolution ? 1 : 0,
    asset.sizeBytes ?? 0,
    -(Date.parse(asset.importedAt ?? '') || 0),
  ]
  const keeper = members.reduce((best, member) => (outranks(rank(member.asset), rank(best.asset)) ? member : best))
  return {
    anchor,
    members: members.map(({ asset, link }) => ({
      asset,
      link,
      keeper: asset.id === keeper.asset.id,
      hasProvenance: provenance.has(asset.id),
    })),
    bytesFreed: members.reduce(
      (sum, { asset }) => sum + (asset.id === keeper.asset.id ? 0 : (asset.sizeBytes ?? 0)),
      0,
    ),
  }
}

function outranks(rank: number[], than: number[]): boolean {
  for (let i = 0; i < rank.length; i++) if (rank[i] !== than[i]) return rank[i]! > than[i]!
  return false
}

function pixels(resolution: string | null): number {
  const [width, height] = (resolution ?? '').split('x').map(Number)
  return (width ?? 0) * (height ?? 0) || 0
}
