import { describe, expect, it } from 'vitest'
import type { HealthResult, StatsBucket } from '../../shared/contract'
import { DEFAULT_BROWSE } from '../../renderer/src/features/browse/browse-url'
import { jobSummary } from '../../renderer/src/features/health/job-summary'
import { byteTicks, formatTick } from '../../renderer/src/features/stats/measure'
import { bucketFilter, codecFilters, libraryHref } from '../../renderer/src/features/stats/stats-links'
import { routeFromHash } from '../../renderer/src/app/navigation-slice'

const bucket = (key: string, count: number): StatsBucket => ({ key, label: key, count, bytes: count * 10 })

describe('codec buckets as library filters', () => {
  it('maps common names to raw codecs, and tells a still JPEG from Motion JPEG by media type', () => {
    const buckets = [
      bucket('H.264', 3),
      bucket('JPEG', 2),
      bucket('Motion JPEG', 1),
      bucket('PNG', 1),
      bucket('MP3', 2),
    ]
    const filters = codecFilters(buckets, {
      video: [
        { value: 'h264', count: 3 },
        { value: 'mjpeg', count: 1 },
      ],
      image: [
        { value: 'mjpeg', count: 2 },
        { value: 'png', count: 1 },
      ],
      audio: [{ value: 'mp3', count: 2 }],
    })
    expect(filters).toEqual({
      'H.264': { codec: ['h264'] },
      JPEG: { codec: ['mjpeg'], mediaType: ['image'] },
      'Motion JPEG': { codec: ['mjpeg'], mediaType: ['video'] },
      PNG: { codec: ['png'] },
      MP3: { codec: ['mp3'] },
    })
  })

  it('gives no filter where the facet counts disagree with the bucket, or the codec is unknown', () => {
    const filters = codecFilters([bucket('H.264', 4), bucket('Unknown', 1), bucket('VP9', 1)], {
      video: [
        { value: 'h264', count: 3 },
        { value: 'vp9', count: 1 },
      ],
      image: [],
    })
    expect(filters).toEqual({ VP9: { codec: ['vp9'] } })
  })

  it('names the filter of each linked chart, and none for values a filter cannot take', () => {
    expect(bucketFilter('mediaType', 'video', {})).toEqual({ mediaType: ['video'] })
    expect(bucketFilter('mediaType', 'audio', {})).toEqual({ mediaType: ['audio'] })
    expect(bucketFilter('mediaType', 'Videos', {})).toBeUndefined()
    expect(bucketFilter('sourceType', 'uploaded', {})).toEqual({ sourceType: ['uploaded'] })
    expect(bucketFilter('codec', 'VP9', { VP9: { codec: ['vp9'] } })).toEqual({ codec: ['vp9'] })
    expect(bucketFilter('codec', 'AV1', {})).toBeUndefined()
    expect(bucketFilter('health', 'missing', {})).toEqual({ health: ['missing'] })
    expect(bucketFilter('health', 'unverified', {})).toBeUndefined()
  })
})

describe('library links', () => {
  it('links to the library with the filter, keeping the view and clearing the search', () => {
    const browse = { ...DEFAULT_BROWSE, query: 'beach', view: 'list' as const, anchor: 'abc' }
    const href = libraryHref({ codec: ['mjpeg'], mediaType: ['image'] }, browse)!
    const route = routeFromHash(href)!
    expect(route.view).toBe('library')
    expect(route.browse).toMatchObject({ query: '', view: 'list', anchor: null })
    expect(route.browse?.filter).toEqual({ mediaType: ['image'], codec: ['mjpeg'] })
  })

  it('gives no link for a filter the library URL cannot carry (it would show other assets)', () => {
    const carried = routeFromHash(libraryHref({ minWidth: 10 }, DEFAULT_BROWSE) ?? '')?.browse?.filter
    expect(carried).toEqual({ minWidth: 10 })
    // The URL drops empty values: such a link would silently show the whole library.
    expect(libraryHref({ sourceType: [''] }, DEFAULT_BROWSE)).toBeUndefined()
  })
})

describe('health job summary', () => {
  const result = (patch: Partial<HealthResult>): HealthResult => ({
    files: { done: 3, total: 3 },
    bytes: { done: 30, total: 30 },
    counts: { ok: 2, changed: 0, missing: 1, failed: 0, skipped: 0, relinked: 0, copied: 0, present: 0 },
    items: [],
    unlisted: 0,
    ...patch,
  })

  it('says what a verify found, one file or many', () => {
    expect(jobSummary('verify', 'done', result({}))).toBe('Checked 3 files: 2 whole, 1 missing.')
    const one = result({ files: { done: 1, total: 1 }, counts: { ...result({}).counts, ok: 1, missing: 0 } })
    expect(jobSummary('verify', 'done', one)).toBe('Checked 1 file: 1 whole.')
    expect(jobSummary('verify', 'cancelled', result({ files: { done: 1, total: 3 } }))).toBe(
      'Cancelled after 1 of 3 files: 2 whole, 1 missing.',
    )
  })

  it('says what a relink found, or that nothing was missing', () => {
    const counts = { ...result({}).counts, ok: 0, missing: 1, relinked: 2, copied: 1 }
    expect(jobSummary('relink', 'done', result({ counts }))).toBe(
      '2 relinked, 1 still missing, 1 copied into the library (cannot be relinked).',
    )
    expect(jobSummary('relink', 'done', result({ counts: { ...counts, missing: 0, relinked: 0, copied: 0 } }))).toBe(
      'No linked file was missing.',
    )
  })

  it('says a job stopped before it began (no stored result) found nothing', () => {
    expect(jobSummary('verify', 'failed', undefined)).toBe('Failed after 0 files.')
    expect(jobSummary('relink', 'cancelled', undefined)).toBe('Cancelled after 0 files.')
  })
})

describe('bytes axis', () => {
  const MiB = 1024 ** 2
  it('steps in round figures of the unit the sizes read in, up to the largest', () => {
    expect(byteTicks(572.2 * MiB)).toEqual([0, 200 * MiB, 400 * MiB, 600 * MiB])
    expect(byteTicks(3000)).toEqual([0, 1024, 2048, 3072])
    expect(byteTicks(3 * 1024 ** 3)?.at(-1)).toBeGreaterThanOrEqual(3 * 1024 ** 3)
    expect(byteTicks(3)).toEqual([0, 1, 2, 3])
    expect(byteTicks(0)).toBeUndefined()
    expect(byteTicks(395.5 * MiB)!.map((tick) => formatTick('bytes', tick))).toEqual(['0 B', '200 MiB', '400 MiB'])
  })
})
