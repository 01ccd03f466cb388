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
})
