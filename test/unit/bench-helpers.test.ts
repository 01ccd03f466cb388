import { describe, expect, it } from 'vitest'
import { percentile } from '../bench/figures'
import { readPlan, videosNames } from '../bench/query-plan'
import { randomSequence, syntheticRow, syntheticTags, TAG_NAMES } from '../bench/synthetic-assets'

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i)

  it('is the nearest-rank value, whatever the input order', () => {
    expect(percentile(hundred, 50)).toBe(50)
    expect(percentile(hundred, 95)).toBe(95)
    expect(percentile(hundred, 100)).toBe(100)
    expect(percentile(hundred, 0)).toBe(1)
  })

  it('never interpolates between values', () => {
    expect(percentile([1, 10], 50)).toBe(1)
    expect(percentile([1, 10], 51)).toBe(10)
    expect(percentile([7], 95)).toBe(7)
  })

  it('refuses no values', () => {
    expect(() => percentile([], 50)).toThrow(RangeError)
  })
})

describe('readPlan', () => {
  const sql = 'SELECT v.* FROM videos v WHERE v.codec = ? ORDER BY v.sort_name LIMIT 5'

  it('knows videos by its alias and its own name, but not videos_fts or keywords', () => {
    expect([...videosNames(sql)].sort()).toEqual(['v', 'videos'])
    expect([...videosNames('SELECT * FROM videos_fts f CROSS JOIN videos AS w')].sort()).toEqual(['videos', 'w'])
    expect([...videosNames('SELECT count(*) FROM videos WHERE 1')]).toEqual(['videos'])
    expect([...videosNames('FROM videos v INDEXED BY videos_facets')].sort()).toEqual(['v', 'videos'])
  })

  it('fails a scan of the table, lists a covering index scan apart, and allows ordered index walks', () => {
    const plan = [
      'SCAN v',
      'SCAN videos',
      'SCAN v USING COVERING INDEX videos_facets',
      'SCAN v USING INDEX videos_sort_name',
      'SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)',
      'SCAN f VIRTUAL TABLE INDEX 0:M1',
      'SCAN json_each VIRTUAL TABLE INDEX 1:',
      'SCAN a USING COVERING INDEX asset_tags_tag',
      'USE TEMP B-TREE FOR ORDER BY',
    ]
    expect(readPlan(sql, plan)).toEqual({
      tableScans: ['SCAN v', 'SCAN videos'],
      indexScans: ['SCAN v USING COVERING INDEX videos_facets'],
      indexWalks: [],
    })
  })

  it('lists a walk of a whole index apart when no LIMIT stops it', () => {
    const grouped = 'SELECT v.codec, count(*) FROM videos v INDEXED BY videos_facets GROUP BY 1'
    expect(readPlan(grouped, ['SCAN v USING INDEX videos_facets', 'SCAN v'])).toEqual({
      tableScans: ['SCAN v'],
      indexScans: [],
      indexWalks: ['SCAN v USING INDEX videos_facets'],
    })
  })

  it('does not take a scan of another table with a similar name for one of videos', () => {
    expect(readPlan(sql, ['SCAN videos_fts_keys', 'SCAN vv']).tableScans).toEqual([])
  })
})

describe('synthetic assets', () => {
  const random = randomSequence(8)
  const rows = Array.from({ length: 20_000 }, (_, i) => syntheticRow(i, 20_000, random))
  const share = (keep: (row: (typeof rows)[number]) => boolean) => rows.filter(keep).length / rows.length

  it('are unique in id and in file path, as the schema requires', () => {
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length)
    expect(new Set(rows.map((row) => row.filePath)).size).toBe(rows.length)
  })

  it('were imported in insert order, give or take a few places, as imports side by side leave them', () => {
    const imported = rows.map((row) => Date.parse(row.importedAt))
    expect(imported.every((time, i) => i + 4 >= imported.length || time < imported[i + 4]!)).toBe(true)
    const swapped = imported.filter((time, i) => i > 0 && time < imported[i - 1]!).length
    expect(swapped).toBeGreaterThan(rows.length / 10)
  })

  it('spread like a working library', () => {
    expect(share((row) => row.mediaType === 'video')).toBeCloseTo(0.7, 1)
    expect(
      share(
        (row) =>
          /^(\d+)x(\d+)$/
            .exec(row.resolution)!
            .slice(1)
            .map(Number)
            .reduce((w, h) => w - h) < 0,
      ),
    ).toBeGreaterThan(0.1)
    const durations = rows.flatMap((row) => (row.durationSeconds === null ? [] : [row.durationSeconds]))
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...durations)).toBeLessThanOrEqual(7200)
    expect(Math.min(...rows.map((row) => row.sizeBytes))).toBeGreaterThanOrEqual(100_000)
    expect(Math.max(...rows.map((row) => row.sizeBytes))).toBeLessThanOrEqual(4_000_000_000)
    const imported = rows.map((row) => Date.parse(row.importedAt))
    expect((Math.max(...imported) - Math.min(...imported)) / 86_400_000).toBeGreaterThan(700)
    expect(share((row) => /[^\x20-\x7e]/.test(row.name))).toBeGreaterThan(0.05)
  })

  it('tag about a fifth of the assets with the listed tags', () => {
    const tags = rows.map(() => syntheticTags(random))
    expect(tags.filter((list) => list.length > 0).length / tags.length).toBeCloseTo(0.2, 1)
    expect(new Set(tags.flat()).size).toBe(TAG_NAMES.length)
  })
})
