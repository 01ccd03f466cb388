import { type HashBits, hammingDistance, hashToHex } from './hash-bits'

// The published video method (Meta's vPDQ): a video is the bag of its frames' hashes, and two videos are compared
// by the share of each one's frames that match some frame of the other. An image is a bag of one frame.

/** Frames of lower quality say little about their content (flat, dark, blurred) and are ignored, as in vPDQ. */
export const MIN_QUALITY = 50
/** Two frames match when their hashes differ in at most this many bits (vPDQ's and PDQ's threshold). */
export const MATCH_DISTANCE = 31
/** The share of a side's frames found in the other above which that side lies inside the other (vPDQ's 80%). */
export const INSIDE_SHARE = 0.8
/**
 * Both sides need this share for "overlaps". A third of each clip is tens of seconds of shared footage at 1 fps for
 * minute-long clips, far more than the odd black frame or title card unrelated clips share, while a clip that shares
 * half of itself with another (a 50% overlap) still counts with room for frames lost to re-encoding.
 */
export const OVERLAP_SHARE = 0.3

/** One sampled frame of an asset: its hash, the hash's quality (0–100), and when it is shown (seconds; NaN if it has none). */
export interface FrameHash {
  hash: HashBits
  quality: number
  timestampSeconds: number
}

/** A frame that takes part in matching: good enough quality, and the first of identical hashes. */
export interface KeptFrame {
  hash: HashBits
  timestampSeconds: number
}

/** A matched frame pair between two assets, by position in each one's kept frames. */
export interface FrameHit {
  frame: number
  otherFrame: number
  distance: number
}

/**
 * How asset A relates to asset B: the same footage, A contains B (B is a trim or a part of A), A is part of B, or
 * they share footage without either lying inside the other.
 */
export type Relation = 'same' | 'contains' | 'part-of' | 'overlaps'

/** Where a pair matches, in seconds on each side, so a player can mark it. */
export interface Stretch {
  startA: number
  endA: number
  startB: number
  endB: number
}

/** What matching two assets found; shareA is the share of A's kept frames that match some frame of B. */
export interface PairMatch {
  shareA: number
  shareB: number
  relation: Relation | null
  stretches: Stretch[]
}

// The sampler takes a frame a second at most (frame-hashes.ts); a longer median step means frames were dropped
// (low quality, repeats), which says nothing about how densely the footage was sampled.
const MAX_SAMPLING_STEP_SECONDS = 1
// Timestamps of "a frame a second" land a frame's duration either side of whole seconds.
const STEP_SLACK_SECONDS = 0.05

/** Offsets (B's time minus A's) that drift more than this between neighbouring frames start a new stretch. */
const STRETCH_DRIFT_SECONDS = 2

/** The frames matching uses: quality of at least 50, in time order, each distinct hash once (vPDQ's dedupe). */
export function keptFrames(frames: readonly FrameHash[]): KeptFrame[] {
  const seen = new Set<string>()
  const kept: KeptFrame[] = []
  const byTime = frames.filter((frame) => frame.quality >= MIN_QUALITY)
  byTime.sort((a, b) => a.timestampSeconds - b.timestampSeconds)
  for (const { hash, timestampSeconds } of byTime) {
    const hex = hashToHex(hash)
    if (seen.has(hex)) continue
    seen.add(hex)
    kept.push({ hash, timestampSeconds })
  }
  return kept
}

/** The relation of A to B given the share of A's frames found in B and of B's found in A; null when unrelated. */
export function classify(shareA: number, shareB: number): Relation | null {
  if (shareA >= INSIDE_SHARE && shareB >= INSIDE_SHARE) return 'same'
  if (shareB >= INSIDE_SHARE) return 'contains'
  if (shareA >= INSIDE_SHARE) return 'part-of'
  if (shareA >= OVERLAP_SHARE && shareB >= OVERLAP_SHARE) return 'overlaps'
  return null
}

/** The relation seen from the other side: if A contains B, B is part of A. */
function reverseRelation(relation: Relation | null): Relation | null {
  if (relation === 'contains') return 'part-of'
  if (relation === 'part-of') return 'contains'
  return relation
}

/** Every frame pair within the match distance, comparing all with all: the reference the index must equal. */
export function bruteForceHits(a: readonly KeptFrame[], b: readonly KeptFrame[]): FrameHit[] {
  const hits: FrameHit[] = []
  a.forEach(({ hash }, frame) =>
    b.forEach((other, otherFrame) => {
      const distance = hammingDistance(hash, other.hash)
      if (distance <= MATCH_DISTANCE) hits.push({ frame, otherFrame, distance })
    }),
  )
  return hits
}

/** Shares, relation and stretches of two assets' kept frames from the frame pairs that match between them. */
export function describePair(a: readonly KeptFrame[], b: readonly KeptFrame[], hits: readonly FrameHit[]): PairMatch {
  const shareA = bridgedShare(a, new Set(hits.map((hit) => hit.frame)), samplingStep(b))
  const shareB = bridgedShare(b, new Set(hits.map((hit) => hit.otherFrame)), samplingStep(a))
  return { shareA, shareB, relation: classify(shareA, shareB), stretches: matchedStretches(a, b, hits) }
}

/**
 * The share of `frames` found in the other asset. A clip under 10 s has every frame hashed, a longer one a frame a
 * second: a frame of the dense one shown between two of the sparse one's samples may match neither, though the
 * footage is the same. So an unmatched frame counts as found when matched frames lie before and after it no further
 * apart than the other asset's sampling step; frames sampled alike have nothing between their samples to count.
 */
function bridgedShare(frames: readonly KeptFrame[], matched: ReadonlySet<number>, otherStep: number): number {
  if (frames.length === 0) return 0
  const time = (index: number) => frames[index]!.timestampSeconds
  const nextMatched: number[] = []
  for (let i = frames.length - 1, next = -1; i >= 0; i--) nextMatched[i] = next = matched.has(i) ? i : next
  let found = 0
  for (let i = 0, previous = -1; i < frames.length; i++) {
    if (matched.has(i)) previous = i
    const next = nextMatched[i]!
    const bridged = previous >= 0 && next >= 0 && time(next) - time(previous) <= otherStep + STEP_SLACK_SECONDS
    if (matched.has(i) || bridged) found++
  }
  return found / frames.length
}

/** How far apart an asset's frames were sampled: the median step between its kept frames, at most a second. */
function samplingStep(frames: readonly KeptFrame[]): number {
  const steps = frames.slice(1).map((frame, i) => frame.timestampSeconds - frames[i]!.timestampSeconds)
  if (steps.length === 0) return 0
  steps.sort((x, y) => x - y)
  return Math.min(MAX_SAMPLING_STEP_SECONDS, steps[Math.floor(steps.length / 2)]!)
}

/** The same pair seen from B's side. */
export function reversePair(pair: PairMatch): PairMatch {
  return {
    shareA: pair.shareB,
    shareB: pair.shareA,
    relation: reverseRelation(pair.relation),
    stretches: pair.stretches.map(({ startA, endA, startB, endB }) => ({
      startA: startB,
      endA: endB,
      startB: startA,
      endB: endA,
    })),
  }
}

/**
 * Runs of consecutive frames of A whose closest match in B keeps the same time offset, so a re-encode, a trim or a
 * cut-out part each show as one stretch, and a pair that shares two separate scenes as two.
 */
function matchedStretches(a: readonly KeptFrame[], b: readonly KeptFrame[], hits: readonly FrameHit[]): Stretch[] {
  const closest = new Map<number, FrameHit>()
  for (const hit of hits) {
    const known = closest.get(hit.frame)
    if (!known || hit.distance < known.distance) closest.set(hit.frame, hit)
  }
  const stretches: Stretch[] = []
  let previous: { frame: number; offset: number } | undefined
  for (const hit of [...closest.values()].sort((x, y) => x.frame - y.frame)) {
    const timeA = a[hit.frame]!.timestampSeconds
    const timeB = b[hit.otherFrame]!.timestampSeconds
    const offset = timeB - timeA
    const current = stretches.at(-1)
    const continues =
      current && previous?.frame === hit.frame - 1 && Math.abs(offset - previous.offset) <= STRETCH_DRIFT_SECONDS
    if (continues) {
      current.endA = timeA
      current.startB = Math.min(current.startB, timeB)
      current.endB = Math.max(current.endB, timeB)
    } else stretches.push({ startA: timeA, endA: timeA, startB: timeB, endB: timeB })
    previous = { frame: hit.frame, offset }
  }
  return stretches
}
