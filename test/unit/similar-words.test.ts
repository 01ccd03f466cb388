import { describe, expect, it } from 'vitest'
import type { MediaAsset, SimilarGroup, SimilarLink, SimilarMember } from '../../shared/contract'
import {
  insideWords,
  keeperOf,
  keptWords,
  matchedSpans,
  nonKeepers,
  playbackOffsets,
  relationWords,
} from '../../renderer/src/features/similar/similar-words'

const asset = (id: string, sizeBytes: number): MediaAsset => ({
  id,
  name: `${id}.mp4`,
  filePath: `/m/${id}.mp4`,
  fileHash: null,
  sizeBytes,
  durationSeconds: 12,
  resolution: '480x270',
  aspectRatio: '16:9',
  codec: 'h264',
  fps: 25,
  sourceType: 'imported',
  createdAt: '2026-01-01T00:00:00Z',
  metadata: null,
  mediaType: 'video',
  status: 0,
  error: null,
  importedBy: null,
  originalPath: null,
  importedAt: null,
  storage: 'copy',
  rating: 0,
  notes: null,
  health: null,
  verifiedAt: null,
})

const member = (id: string, size: number, link: SimilarLink | null, keeper = false): SimilarMember => ({
  asset: asset(id, size),
  link,
  keeper,
  hasProvenance: false,
  relatedBy: null,
  contains: [],
})

const link = (
  to: string,
  relation: SimilarLink['relation'],
  shares: [number, number],
  stretches = [[0, 12, 0, 12]],
) => ({
  to,
  relation,
  shareOfMember: shares[0],
  shareOfOther: shares[1],
  stretches: stretches.map(([startA, endA, startB, endB]) => ({ startA, endA, startB, endB })),
})

// The source, a re-encode of it, and its middle half (source seconds 3–9), linked along a chain.
const group: SimilarGroup = {
  anchor: 'src',
  keeperWhy: 'the best quality at its size: the most data a second',
  bytesFreed: 300,
  members: [
    member('src', 1000, null, true),
    member('low', 100, link('src', 'same', [0.97, 0.99], [[0, 11, 0, 11]])),
    member('mid', 200, link('low', 'part-of', [1, 0.5], [[0, 6, 3, 9]])),
  ],
}
const nameOf = (id: string) => `${id}.mp4`

describe('the review page in words', () => {
  it('says how each member relates, with the share that matters for its relation', () => {
    expect(group.members.map((m) => relationWords(m, nameOf))).toEqual([
      'The others are compared with this one.',
      'Same footage as src.mp4, 97% matched.',
      'Part of low.mp4: a trim of it, 100% of this one inside the other.',
    ])
    const contains = member('long', 1, link('mid', 'contains', [0.5, 1]))
    expect(relationWords(contains, nameOf)).toBe('Contains mid.mp4: the other is a trim, 100% of it inside this one.')
    const overlaps = member('x', 1, link('src', 'overlaps', [0.42, 0.3]))
    expect(relationWords(overlaps, nameOf)).toBe(
      'Shares footage with src.mp4: 42% of this one and 30% of the other match.',
    )
  })

  it('marks on each timeline its own stretches and, merged, those of members linked to it', () => {
    expect(matchedSpans(group, 'src')).toEqual([{ start: 0, end: 11 }])
    // Its link to src (0–11) and mid's stretch on its side B (3–9) merge into one.
    expect(matchedSpans(group, 'low')).toEqual([{ start: 0, end: 11 }])
    expect(matchedSpans(group, 'mid')).toEqual([{ start: 0, end: 6 }])
  })

  it('places a trim where it starts on the anchor, along the chain, and ignores sampling-sized shifts', () => {
    expect(playbackOffsets(group)).toEqual({ src: 0, low: 0, mid: 3 })
    const jittered = {
      ...group,
      members: [group.members[0]!, member('j', 1, link('src', 'same', [1, 1], [[1, 12, 2, 12]]))],
    }
    expect(playbackOffsets(jittered)).toEqual({ src: 0, j: 0 })
  })

  it('deletes every member but the keeper: the chosen one, else the preselected one', () => {
    expect(nonKeepers([group], {}).map((a) => a.id)).toEqual(['low', 'mid'])
    expect(nonKeepers([group], { src: 'mid' }).map((a) => a.id)).toEqual(['src', 'low'])
    // A choice naming an asset no longer in the group falls back to the preselection.
    expect(keeperOf(group, { src: 'gone' })).toBe('src')
  })

  it('never deletes a member related to another by how they were made, nor one holding footage the keeper lacks', () => {
    const trim = { assetId: 'trim', name: 'trim.mp4', start: 3, end: 9 }
    const related: SimilarGroup = {
      ...group,
      members: [
        { ...member('src', 1000, null, true), contains: [trim] },
        { ...member('low', 100, link('src', 'same', [1, 1])), contains: [trim] },
        { ...member('twin', 100, link('src', 'same', [1, 1])), relatedBy: { to: 'sib', reason: 'same-run' } },
        { ...member('sib', 100, link('src', 'same', [1, 1])), relatedBy: { to: 'twin', reason: 'same-run' } },
        {
          ...member('long', 100, link('src', 'same', [1, 1])),
          contains: [trim, { ...trim, assetId: 'end', name: 'end.mp4' }],
        },
      ],
    }
    expect(nonKeepers([related], {}).map((a) => a.id)).toEqual(['low'])
    // Kept instead, src holds no footage that `long` lacks: it may go.
    expect(nonKeepers([related], { src: 'long' }).map((a) => a.id)).toEqual(['src', 'low'])
    const [, low, twin, , long] = related.members
    expect(keptWords(low!, related, 'src', nameOf)).toBeNull()
    expect(keptWords(twin!, related, 'src', nameOf)).toBe(
      'Related to sib.mp4 by how they were made (both came out of one run): not a duplicate, never deleted with the others.',
    )
    expect(keptWords(long!, related, 'src', nameOf)).toBe(
      'Holds footage the keeper lacks (end.mp4 lies inside it): never deleted with the others.',
    )
    // Each clip once, where it lies in the keeper when the keeper holds it.
    const longer = {
      ...related,
      members: related.members.map((m) =>
        m.asset.id === 'long'
          ? {
              ...m,
              contains: [
                { ...trim, start: 4, end: 10 },
                { ...trim, assetId: 'end', name: 'end.mp4', start: 20, end: 23 },
              ],
            }
          : m,
      ),
    }
    expect(insideWords(longer, 'src')).toBe(
      'Clips of their own inside this footage (not duplicates): trim.mp4 at 0:03–0:09 and end.mp4 at 0:20–0:23.',
    )
    expect(insideWords(group, 'src')).toBeNull()
  })
})
