import { describe, expect, it } from 'vitest'
import {
  bruteForceHits,
  classify,
  describePair,
  type FrameHash,
  keptFrames,
  MATCH_DISTANCE,
  reversePair,
} from '../../main/similar/frame-match'
import { hammingDistance } from '../../main/similar/hash-bits'
import { flipBits, randomClip, randomSequence, variantOf } from '../helpers/synthetic-frames'

function compare(a: readonly FrameHash[], b: readonly FrameHash[]) {
  const [keptA, keptB] = [keptFrames(a), keptFrames(b)]
  return describePair(keptA, keptB, bruteForceHits(keptA, keptB))
}

describe('matching two assets by their frames (vPDQ)', () => {
  const random = randomSequence(21)
  const source = randomClip(40, random)

  it('finds a re-encode (every frame 10 to 25 bits away) the same footage, in one stretch', () => {
    const variant = variantOf(source, { minFlips: 10, maxFlips: 25 }, random)
    const distances = variant.map((frame, i) => hammingDistance(frame.hash, source[i]!.hash))
    expect(Math.min(...distances)).toBeGreaterThanOrEqual(10)
    expect(Math.max(...distances)).toBeLessThanOrEqual(25)
    const match = compare(source, variant)
    expect(match).toMatchObject({ shareA: 1, shareB: 1, relation: 'same' })
    expect(match.stretches).toEqual([{ startA: 0, endA: 39, startB: 0, endB: 39 }])
  })

  it('finds frames 90 or more bits away unrelated', () => {
    const unrelated = variantOf(source, { minFlips: 90, maxFlips: 120 }, random)
    const match = compare(source, unrelated)
    expect(match).toEqual({ shareA: 0, shareB: 0, relation: null, stretches: [] })
  })

  it('says which side contains a trim, and where the trim sits in it', () => {
    const trim = variantOf(source, { minFlips: 5, maxFlips: 20, from: 10, to: 30 }, random)
    const match = compare(source, trim)
    expect(match).toMatchObject({ shareA: 0.5, shareB: 1, relation: 'contains' })
    expect(match.stretches).toEqual([{ startA: 10, endA: 29, startB: 0, endB: 19 }])
    expect(reversePair(match)).toMatchObject({ shareA: 1, shareB: 0.5, relation: 'part-of' })
  })

  it('finds two clips that share half of each overlapping, with the shared stretch on both sides', () => {
    const tail = variantOf(source, { minFlips: 5, maxFlips: 20, from: 20 }, random)
    const other = [
      ...tail,
      ...randomClip(20, random).map((frame) => ({ ...frame, timestampSeconds: frame.timestampSeconds + 20 })),
    ]
    const match = compare(source, other)
    expect(match).toMatchObject({ shareA: 0.5, shareB: 0.5, relation: 'overlaps' })
    expect(match.stretches).toEqual([{ startA: 20, endA: 39, startB: 0, endB: 19 }])
  })

  it('ignores frames of quality below 50, and counts each distinct hash once', () => {
    const dim = source.map((frame, i) => ({ ...frame, quality: i < 30 ? 49 : 50 }))
    expect(keptFrames(dim)).toHaveLength(10)
    expect(keptFrames([...source, ...source])).toHaveLength(source.length)
    // Only the last ten frames count, so a copy of the first thirty shares nothing with it.
    const firstPart = variantOf(source, { minFlips: 5, maxFlips: 10, to: 30 }, random)
    expect(compare(dim, firstPart).relation).toBeNull()
    expect(compare(dim, source)).toMatchObject({ shareA: 1, shareB: 0.25, relation: 'part-of' })
  })

  it('matches frames exactly 31 bits apart and not 32 (images are bags of one frame)', () => {
    const [image] = randomClip(1, random)
    for (const [bits, related] of [
      [MATCH_DISTANCE, 'same'],
      [MATCH_DISTANCE + 1, null],
    ] as const) {
      const copy = [{ ...image!, hash: flipBits(image!.hash, bits, random) }]
      expect(hammingDistance(copy[0]!.hash, image!.hash)).toBe(bits)
      expect(compare([image!], copy).relation).toBe(related)
    }
  })

  it('classifies by the 80% and 30% bars', () => {
    expect(classify(0.8, 0.8)).toBe('same')
    expect(classify(0.79, 0.8)).toBe('contains')
    expect(classify(0.8, 0.1)).toBe('part-of')
    expect(classify(0.3, 0.79)).toBe('overlaps')
    expect(classify(0.29, 0.79)).toBeNull()
  })

  it('counts the frames of a clip hashed whole that fall between the samples of one hashed once a second', () => {
    // A 4 s clip hashed at 10 frames a second, inside a 12 s clip hashed once a second (from its second 3 on):
    // only the short clip's frames at whole seconds match; those between lie between matched ones.
    const long = randomClip(12, random)
    const short = Array.from({ length: 40 }, (_, i) => ({
      hash: i % 10 === 0 ? flipBits(long[3 + i / 10]!.hash, 8, random) : randomClip(1, random)[0]!.hash,
      quality: 100,
      timestampSeconds: i / 10,
    }))
    const match = compare(long, short)
    expect(match.shareA).toBeCloseTo(4 / 12)
    // Frames 0.0 to 3.0 lie between matches a second apart; the last nine, after 3.0, have no match after them.
    expect(match.shareB).toBeCloseTo(31 / 40)
    // Sampled alike (once a second), frames between two matches two seconds apart are not counted.
    const sparse = [0, 2].map((second) => ({ ...long[second]!, hash: flipBits(long[second]!.hash, 8, random) }))
    const gappy = [
      sparse[0]!,
      { ...randomClip(1, random)[0]!, timestampSeconds: 1 },
      { ...sparse[1]!, timestampSeconds: 2 },
    ]
    expect(compare(gappy, long).shareA).toBeCloseTo(2 / 3)
  })
})
