import type { MediaAsset } from '../../../shared/contract'

// The codecs the app's player (Chromium) plays and shows: a copy in any other needs converting to be watched here.
const PLAYABLE = new Set(['h264', 'vp8', 'vp9', 'av1', 'mjpeg', 'jpeg', 'png', 'apng', 'gif', 'webp', 'bmp'])
// Lengths within this of the longest are the same footage: a re-encode ends a frame or a sampled second apart.
const LENGTH_SLACK_SECONDS = 1

/** What the keeper's choice reads of each member. */
export interface KeeperFacts {
  asset: MediaAsset
  /** The size of its picture between black bars ("WxH"), else its resolution. */
  picture: string | null
  /** It was made from another member (a proxy, a processed version, a run's input): never better than that one. */
  derived: boolean
  /** What made it is known (generation details or a workflow). */
  hasProvenance: boolean
}

/**
 * What a person would keep, in order (issue 37 point 2): the longest footage (the copy the others lie inside),
 * one the app plays, the best quality (a picture that fills its frame, an original before what was made from
 * it), the larger picture, the most bytes a second (at the same picture, the one compressed least), a known
 * provenance, then the one in the library first. Each rule with the words that say why it decided.
 */
const RULES: { value(facts: KeeperFacts, longest: number): number; why: string }[] = [
  {
    value: ({ asset }, longest) => ((asset.durationSeconds ?? 0) >= longest - LENGTH_SLACK_SECONDS ? 1 : 0),
    why: 'the longest footage; the others are shorter',
  },
  {
    value: ({ asset }) => (PLAYABLE.has(asset.codec ?? '') ? 1 : 0),
    why: 'it plays in the app; the next best copy does not',
  },
  {
    value: ({ asset, picture }) => (picture === asset.resolution ? 1 : 0),
    why: 'its picture fills the frame; the next best copy has black bars',
  },
  { value: ({ derived }) => (derived ? 0 : 1), why: 'the original; the next best copy was made from another' },
  { value: ({ picture, asset }) => pixels(picture ?? asset.resolution), why: 'the largest picture' },
  { value: ({ asset }) => bytesPerSecond(asset), why: 'the best quality at its size: the most data a second' },
  { value: ({ hasProvenance }) => (hasProvenance ? 1 : 0), why: 'what made it is known' },
  {
    value: ({ asset }) => -(Date.parse(asset.importedAt ?? '') || 0),
    why: 'it came into the library first; nothing else tells them apart',
  },
]

/** The member to keep, and why in words ("the longest footage; the others are shorter"). */
export function chooseKeeper(members: readonly KeeperFacts[]): { keeper: MediaAsset; why: string } {
  const longest = Math.max(...members.map(({ asset }) => asset.durationSeconds ?? 0))
  const rank = (facts: KeeperFacts) => RULES.map((rule) => rule.value(facts, longest))
  const ranked = members.map((facts) => ({ facts, rank: rank(facts) })).sort((x, y) => compare(y.rank, x.rank))
  const [best, runnerUp] = ranked
  const decided = runnerUp ? best!.rank.findIndex((value, i) => value !== runnerUp.rank[i]) : -1
  const why = decided === -1 ? 'they are alike in every way it compares' : RULES[decided]!.why
  return { keeper: best!.facts.asset, why }
}

function compare(x: readonly number[], y: readonly number[]): number {
  const differs = x.findIndex((value, i) => value !== y[i])
  return differs === -1 ? 0 : x[differs]! - y[differs]!
}

/** A video's bytes a second; an image's bytes (what a still has for "quality" is its file's size at one size). */
function bytesPerSecond(asset: MediaAsset): number {
  const size = asset.sizeBytes ?? 0
  return asset.durationSeconds ? size / asset.durationSeconds : size
}

export function pixels(resolution: string | null): number {
  const [width, height] = (resolution ?? '').split('x').map(Number)
  return (width ?? 0) * (height ?? 0) || 0
}
