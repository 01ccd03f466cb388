import { describe, expect, it } from 'vitest'
import type { FacetGroup } from '../../main/db/repos/media-search'
import { facetsFromGroups } from '../../main/services/facet-groups'

const group = (i: number): FacetGroup => ({
  mediaType: 'video',
  sourceType: 'local',
  status: 3,
  codec: 'h264',
  container: 'mp4',
  hasAudio: 1,
  rating: 0,
  width: 100 + i,
  height: 100,
  orientation: i > 0 ? 'landscape' : 'square',
  count: 1,
  minDuration: i,
  maxDuration: i + 1,
  minSize: null,
  maxSize: null,
  minImported: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
  maxImported: null,
})

describe('facetsFromGroups', () => {
  it('takes the ranges of 300,000 groups (spreading them into Math.min threw a RangeError)', () => {
    const groups = Array.from({ length: 300_000 }, (_, i) => group(i))
    const facets = facetsFromGroups(groups, {}, [])
    expect(facets.total).toBe(300_000)
    expect(facets.ranges).toEqual({
      width: { min: 100, max: 300_099 },
      height: { min: 100, max: 100 },
      duration: { min: 0, max: 300_000 },
      size: { min: null, max: null },
      imported: { min: '2026-01-01T00:00:00Z', max: '2026-01-01T00:00:59Z' },
    })
    expect(facets.orientation).toEqual([
      { value: 'landscape', count: 299_999 },
      { value: 'square', count: 1 },
    ])
  })
})
