import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ChunkBits } from '../../main/similar/chunk-tables'
import { FrameIndex } from '../../main/similar/frame-index'
import { bruteForceHits, type FrameHash, type FrameHit, keptFrames } from '../../main/similar/frame-match'
import { randomClip, randomSequence, variantOf } from '../helpers/synthetic-frames'

type Library = Map<string, FrameHash[]>

/** A library of a few clips and variants of them, each frame 0 to 40 bits from its source: across the 31 bar. */
function randomLibrary(seed: number, sources: number, variants: number): Library {
  const random = randomSequence(seed)
  const library: Library = new Map()
  for (let i = 0; i < sources; i++) library.set(`source-${i}`, randomClip(3 + Math.floor(random() * 6), random))
  const originals = [...library.values()]
  for (let i = 0; i < variants; i++) {
    const source = originals[Math.floor(random() * originals.length)]!
    const from = Math.floor(random() * source.length)
    const frames = variantOf(source, { minFlips: 0, maxFlips: 40, from }, random)
    library.set(
      `variant-${i}`,
      frames.map((frame) => ({ ...frame, quality: random() < 0.2 ? 40 : 90 })),
    )
  }
  return library
}

const byPosition = (hits: readonly FrameHit[]) =>
  [...hits].sort((x, y) => x.frame - y.frame || x.otherFrame - y.otherFrame)

/** What a scan of every other asset finds for `assetId`: assets with hits, and the hits. */
function bruteForce(library: Library, assetId: string): Map<string, FrameHit[]> {
  const found = new Map<string, FrameHit[]>()
  const query = keptFrames(library.get(assetId)!)
  for (const [otherId, frames] of library) {
    const hits = otherId === assetId ? [] : bruteForceHits(query, keptFrames(frames))
    if (hits.length > 0) found.set(otherId, byPosition(hits))
  }
  return found
}

function answers(index: FrameIndex, assetId: string): Map<string, FrameHit[]> {
  return new Map(index.queryAsset(assetId).map(({ assetId: id, hits }) => [id, byPosition(hits)]))
}

describe('the multi-index hashing frame index', () => {
  for (const chunkBits of [16, 8] as ChunkBits[]) {
    it(`answers exactly what a brute-force scan finds (${chunkBits}-bit chunks, built, added, removed)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 12 }), (seed, pendingLimit) => {
          const library = randomLibrary(seed, 4, 8)
          const ids = [...library.keys()]
          const half = Math.floor(ids.length / 2)
          // Half arrives in one build, half one by one (recent tier and pending frames), then one asset leaves.
          const index = FrameIndex.build(
            ids.slice(0, half).map((assetId) => ({ assetId, frames: library.get(assetId)! })),
            { chunkBits, pendingLimit },
          )
          for (const assetId of ids.slice(half)) index.add(assetId, library.get(assetId)!)
          const gone = ids[seed % ids.length]!
          expect(index.remove(gone)).toBe(true)
          library.delete(gone)
          for (const assetId of library.keys()) expect(answers(index, assetId)).toEqual(bruteForce(library, assetId))
        }),
        { numRuns: 40 },
      )
    })
  }

  it('forgets a removed asset, compacts when a quarter is gone, and takes it back', () => {
    const random = randomSequence(7)
    const source = randomClip(20, random)
    const assets = [
      { assetId: 'source', frames: source },
      { assetId: 'copy', frames: variantOf(source, { minFlips: 3, maxFlips: 12 }, random) },
      { assetId: 'other', frames: randomClip(20, random) },
    ]
    const index = FrameIndex.build(assets)
    expect(index.queryAsset('source').map((candidate) => candidate.assetId)).toEqual(['copy'])
    expect(index.remove('copy')).toBe(true)
    expect(index.remove('copy')).toBe(false)
    expect(index.queryAsset('source')).toEqual([])
    expect(index.framesOf('copy')).toEqual([])
    expect(index.size).toEqual({ assets: 2, frames: 40 })
    index.add('copy', assets[1]!.frames)
    expect(index.queryAsset('copy')[0]).toMatchObject({ assetId: 'source', hits: expect.any(Array) })
    expect(index.queryAsset('copy')[0]!.hits).toHaveLength(20)
    // 'other' moved down over the removed frames and kept its own.
    expect(index.framesOf('other')).toEqual(keptFrames(assets[2]!.frames))
  })

  it('finds frames of an asset it does not hold, and only later assets when asked', () => {
    const random = randomSequence(8)
    const source = randomClip(10, random)
    const index = FrameIndex.build([
      { assetId: 'early', frames: variantOf(source, { minFlips: 1, maxFlips: 9 }, random) },
      { assetId: 'middle', frames: source },
      { assetId: 'late', frames: variantOf(source, { minFlips: 1, maxFlips: 9, to: 5 }, random) },
    ])
    const fresh = keptFrames(variantOf(source, { minFlips: 1, maxFlips: 9 }, random))
    expect(index.queryFrames(fresh).map((candidate) => candidate.assetId)).toEqual(['early', 'middle', 'late'])
    expect(index.queryAsset('middle', { laterOnly: true }).map((candidate) => candidate.assetId)).toEqual(['late'])
  })
})
