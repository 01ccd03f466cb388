import type { FrameHash } from '../../main/similar/frame-match'
import { HASH_BYTES, type HashBits } from '../../main/similar/hash-bits'
import { randomSequence } from '../bench/synthetic-assets'

// Frame hashes with controlled distances, for the matching tests and the similar-index bench. Independent random
// 256-bit hashes lie about 128 bits apart (below 90 with a chance under one in a million), so unrelated footage
// never matches by accident, and a variant's distance to its source is exactly the bits it flips.

export { randomSequence }

/** A uniformly random 256-bit hash. */
export function randomHash(random: () => number): HashBits {
  return Uint8Array.from({ length: HASH_BYTES }, () => Math.floor(random() * 256))
}

/** `hash` with exactly `count` distinct bits flipped: a frame at distance `count` from it. */
export function flipBits(hash: HashBits, count: number, random: () => number): HashBits {
  const flipped = hash.slice()
  const bits = Array.from({ length: HASH_BYTES * 8 }, (_, bit) => bit)
  for (let i = 0; i < count; i++) {
    const pick = i + Math.floor(random() * (bits.length - i))
    ;[bits[i], bits[pick]] = [bits[pick]!, bits[i]!]
    flipped[bits[i]! >> 3]! ^= 1 << (bits[i]! & 7)
  }
  return flipped
}

/** A clip of `count` unrelated frames one second apart, all of good quality. */
export function randomClip(count: number, random: () => number): FrameHash[] {
  return Array.from({ length: count }, (_, second) => ({
    hash: randomHash(random),
    quality: 100,
    timestampSeconds: second,
  }))
}

/** How a variant differs from its source: each frame flipped by a distance in [minFlips, maxFlips], a part kept. */
export interface VariantRecipe {
  minFlips: number
  maxFlips: number
  /** The source's frames [from, to) the variant keeps; all when absent. */
  from?: number
  to?: number
}

/** A re-encoded or cut copy of `source`: its frames from `from` to `to`, each moved by some bits, timed from 0. */
export function variantOf(source: readonly FrameHash[], recipe: VariantRecipe, random: () => number): FrameHash[] {
  const { minFlips, maxFlips, from = 0, to = source.length } = recipe
  const first = source[from]?.timestampSeconds ?? 0
  return source.slice(from, to).map((frame) => ({
    hash: flipBits(frame.hash, minFlips + Math.floor(random() * (maxFlips - minFlips + 1)), random),
    quality: frame.quality,
    timestampSeconds: frame.timestampSeconds - first,
  }))
}

/** A library of videos of about `framesPerVideo` frames: a third are variants of others (re-encodes, trims, parts). */
export function syntheticVideoLibrary(
  videos: number,
  framesPerVideo: number,
  seed: number,
): { assetId: string; frames: FrameHash[] }[] {
  const random = randomSequence(seed)
  const library: { assetId: string; frames: FrameHash[] }[] = []
  for (let index = 0; index < videos; index++) {
    const assetId = `video-${index}`
    const source = library.length > 0 && random() < 1 / 3 ? library[Math.floor(random() * library.length)] : undefined
    if (!source) {
      const count = Math.round(framesPerVideo * (0.8 + random() * 0.4))
      // About one frame in ten is too flat to trust (quality below 50), as in dark or faded stretches.
      const frames = randomClip(count, random).map((frame) => ({ ...frame, quality: random() < 0.1 ? 30 : 90 }))
      library.push({ assetId, frames })
      continue
    }
    const length = source.frames.length
    const from = random() < 0.5 ? 0 : Math.floor(random() * length * 0.5)
    const to = random() < 0.5 ? length : from + Math.ceil((length - from) * (0.5 + random() * 0.5))
    library.push({ assetId, frames: variantOf(source.frames, { minFlips: 4, maxFlips: 24, from, to }, random) })
  }
  return library
}
