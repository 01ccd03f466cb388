import { describe, expect, it } from 'vitest'
import { FrameIndex } from '../../main/similar/frame-index'
import { bruteForceHits, describePair, keptFrames } from '../../main/similar/frame-match'
import { type AssetPair, findPairs, groupPairs } from '../../main/similar/similar-groups'
import { syntheticVideoLibrary } from '../helpers/synthetic-frames'

const pair = (a: string, b: string, relation: AssetPair['relation'], shareA: number, shareB: number): AssetPair => ({
  a,
  b,
  relation,
  shareA,
  shareB,
  stretches: [{ startA: 0, endA: 1, startB: 2, endB: 3 }],
})

describe('groups of near-duplicates', () => {
  it('anchors a group on its longest member and shows a chain as a chain', () => {
    // long ~ cut (cut is part of long), cut ~ remix (they overlap), long and remix share nothing.
    const pairs = [
      pair('cut', 'long', 'part-of', 1, 0.5),
      pair('cut', 'remix', 'overlaps', 0.4, 0.6),
      pair('x', 'y', 'same', 1, 1),
    ]
    const weights = new Map([
      ['long', [100]],
      ['cut', [50]],
      ['remix', [80]],
      ['x', [10]],
      ['y', [10]],
    ])
    const [chain, twins] = groupPairs(pairs, weights)
    expect(chain).toEqual({
      anchor: 'long',
      members: [
        { assetId: 'long', link: null },
        {
          assetId: 'cut',
          link: {
            to: 'long',
            relation: 'part-of',
            shareOfMember: 1,
            shareOfOther: 0.5,
            stretches: pairs[0]!.stretches,
          },
        },
        {
          assetId: 'remix',
          link: {
            to: 'cut',
            relation: 'overlaps',
            shareOfMember: 0.6,
            shareOfOther: 0.4,
            stretches: [{ startA: 2, endA: 3, startB: 0, endB: 1 }],
          },
        },
      ],
    })
    expect(twins!.anchor).toBe('x')
    expect(twins!.members[1]).toMatchObject({ assetId: 'y', link: { to: 'x', relation: 'same' } })
  })

  it('anchors copies of one length on the larger picture, whatever their ids', () => {
    const photos = [pair('a-thumb', 'b-photo', 'same', 1, 1), pair('a-thumb', 'c-crop', 'same', 1, 1)]
    const weights = new Map([
      ['a-thumb', [0, 160 * 100]],
      ['b-photo', [0, 1600 * 1004]],
      ['c-crop', [0, 1152 * 723]],
    ])
    const [group] = groupPairs(photos, weights)
    expect(group!.anchor).toBe('b-photo')
    expect(group!.members.map((m) => [m.assetId, m.link?.to ?? null])).toEqual([
      ['b-photo', null],
      ['a-thumb', 'b-photo'],
      ['c-crop', 'a-thumb'],
    ])
  })

  it('finds the same related pairs as comparing every asset with every other', () => {
    const library = syntheticVideoLibrary(80, 30, 5)
    const index = FrameIndex.build(library)
    const kept = new Map(library.map(({ assetId, frames }) => [assetId, keptFrames(frames)]))
    const expected: string[] = []
    library.forEach(({ assetId: a }, i) =>
      library.slice(i + 1).forEach(({ assetId: b }) => {
        const match = describePair(kept.get(a)!, kept.get(b)!, bruteForceHits(kept.get(a)!, kept.get(b)!))
        if (match.relation) expected.push(`${a} ${b} ${match.relation} ${match.shareA} ${match.shareB}`)
      }),
    )
    const found = findPairs(index).map((p) => `${p.a} ${p.b} ${p.relation} ${p.shareA} ${p.shareB}`)
    expect(expected.length).toBeGreaterThan(10)
    expect(found.sort()).toEqual(expected.sort())
  })

  it('reports progress and stops when cancelled', () => {
    const index = FrameIndex.build(syntheticVideoLibrary(300, 5, 6))
    const seen: number[] = []
    expect(findPairs(index, { onProgress: (done) => seen.push(done) })).not.toHaveLength(0)
    expect(seen).toEqual([0, 256, 300])
    expect(() => findPairs(index, { cancelled: () => true })).toThrow(/cancelled/)
  })
})
