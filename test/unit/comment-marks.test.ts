import { describe, expect, it } from 'vitest'
import type { Comment } from '../../shared/contract'
import { regionBetween } from '../../renderer/src/features/review/picture-box'
import { firstWords, marksOf } from '../../renderer/src/features/review/comment-marks'

const comment = (id: number, patch: Partial<Comment>): Comment => ({
  id,
  asset: { id: 'a1', name: 'take-04.mp4' },
  parentId: null,
  author: { id: 1, name: 'Ada', guest: false },
  body: 'looks fine',
  at: null,
  end: null,
  region: null,
  mentions: [],
  createdAt: '2026-11-28T12:00:00Z',
  editedAt: null,
  resolved: null,
  deleted: null,
  ...patch,
})

describe('comment markers', () => {
  it('marks the threads pinned to a time of this asset, by time; not replies, deleted ones, or a stack sibling’s', () => {
    const marks = marksOf(
      [
        comment(1, { at: 9, end: 12, resolved: { by: 'Ada', at: '2026-11-28T12:01:00Z' } }),
        comment(2, {
          at: 3,
          region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 },
          author: { id: null, name: 'Zoe', guest: true },
        }),
        comment(3, { at: 4, parentId: 2 }),
        comment(4, { at: 5, deleted: { by: 'Ada', at: '2026-11-28T12:02:00Z' } }),
        comment(5, { at: 6, asset: { id: 'a2', name: 'take-05.mp4' } }),
        comment(6, {}),
      ],
      'a1',
    )
    expect(marks).toEqual([
      { id: 2, at: 3, end: null, resolved: false, hasRegion: true, words: 'Zoe (guest): looks fine' },
      { id: 1, at: 9, end: 12, resolved: true, hasRegion: false, words: 'Ada: looks fine' },
    ])
  })

  it('shows a comment’s first ten words', () => {
    expect(firstWords('one two  three\nfour')).toBe('one two three four')
    expect(firstWords('a b c d e f g h i j k l')).toBe('a b c d e f g h i j…')
  })
})

describe('a region dragged over the picture', () => {
  const picture = { left: 100, top: 50, width: 400, height: 200 } as DOMRect

  it('is in fractions of the picture, whichever way it was dragged', () => {
    expect(regionBetween(picture, { x: 400, y: 200 }, { x: 200, y: 100 })).toEqual({ x: 0.25, y: 0.25, w: 0.5, h: 0.5 })
  })

  it('stops at the picture’s edges (a drag out over the letterbox)', () => {
    expect(regionBetween(picture, { x: 300, y: 150 }, { x: 900, y: 0 })).toEqual({ x: 0.5, y: 0, w: 0.5, h: 0.5 })
  })
})
