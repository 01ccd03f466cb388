import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput, MediaFilter, MediaSortKey } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { NewAsset, VideoRow } from '../../main/db/repos/media'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchParams } from '../../main/services/assets/media-search'
import { seedAssets } from '../helpers/assets'
import { call as browseCall, listAll as listAllOf, SORT_SQL, suiteTempDir, type Page } from '../helpers/browse'

const COUNT = 400
let lib: LocalLibrary
let assets: NewAsset[]

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  assets = await seedAssets(lib, COUNT)
  const ids = (pick: (index: number) => boolean) => assets.filter((_, index) => pick(index)).map((a) => a.id)
  await call('media:tag', { ids: ids((i) => i % 3 === 0), tags: ['Holiday'] })
  await call('media:tag', { ids: ids((i) => i % 5 === 0), tags: ['client-x'] })
  await call('media:set-rating', { ids: ids((i) => i % 4 === 1), rating: 4 })
  await call('media:set-rating', { ids: ids((i) => i % 7 === 2), rating: 2 })
})
afterAll(() => lib.close())

const call = <T>(channel: string, input: unknown, target = lib) => browseCall<T>(target, channel, input)
const listAll = (input: Record<string, unknown>, limit = 37) => listAllOf(lib, input, limit)

/** The rows as stored, read with plain SQL: the reference the search is checked against (seeded: metadata and import time set). */
type Row = VideoRow & { metadata: string; imported_at: string }
const rows = () => lib.sqlite.db.prepare<[], Row>('SELECT * FROM videos').all()
const tagsOf = (id: string) =>
  lib.sqlite.db
    .prepare<[string], string>('SELECT t.name FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = ?')
    .pluck()
    .all(id)
const size = (row: Row) => row.resolution?.split('x').map(Number) ?? [null, null]
const orientation = (row: Row) => {
  const [w, h] = size(row)
  if (w === null || h === null) return null
  return w > h ? 'landscape' : w < h ? 'portrait' : 'square'
}
const meta = (row: Row) => JSON.parse(row.metadata) as { container: string | null; audioCodec: string | null }

const FILTER_CASES: Array<[MediaFilter, (row: Row) => boolean]> = [
  [{ mediaType: ['image'] }, (r) => r.media_type === 'image'],
  [{ sourceType: ['generated', 'processed'] }, (r) => r.source_type !== 'uploaded'],
  [{ status: [1] }, (r) => r.status === 1],
  [{ codec: ['hevc', 'vp9'] }, (r) => r.codec === 'hevc' || r.codec === 'vp9'],
  [{ container: ['matroska,webm'] }, (r) => meta(r).container === 'matroska,webm'],
  [{ orientation: ['portrait', 'square'] }, (r) => ['portrait', 'square'].includes(orientation(r) ?? '')],
  [{ minWidth: 1920 }, (r) => (size(r)[0] ?? -1) >= 1920],
  [{ maxWidth: 1080, minHeight: 1000 }, (r) => (size(r)[0] ?? 1e9) <= 1080 && (size(r)[1] ?? -1) >= 1000],
  [{ maxHeight: 480 }, (r) => (size(r)[1] ?? 1e9) <= 480],
  [
    { minDuration: 20, maxDuration: 40 },
    (r) => r.duration_seconds !== null && r.duration_seconds >= 20 && r.duration_seconds <= 40,
  ],
  [{ minSize: 10_000, maxSize: 20_000 }, (r) => r.size_bytes! >= 10_000 && r.size_bytes! <= 20_000],
  [
    { importedFrom: '2026-01-05', importedTo: '2026-01-09' },
    (r) => r.imported_at >= '2026-01-05' && r.imported_at < '2026-01-10',
  ],
  [{ tags: ['holiday'] }, (r) => tagsOf(r.id).includes('Holiday')],
  [{ tags: ['Holiday', 'CLIENT-X'] }, (r) => tagsOf(r.id).length === 2],
  [{ minRating: 3 }, (r) => r.rating >= 3],
  [{ hasAudio: true }, (r) => meta(r).audioCodec !== null],
  [{ hasAudio: false }, (r) => meta(r).audioCodec === null],
]

describe('media:list filters', () => {
  it.each(FILTER_CASES)('%j leaves exactly the matching rows', async (filter, predicate) => {
    const expected = rows()
      .filter(predicate)
      .map((r) => r.id)
      .sort()
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(COUNT)
    expect((await listAll({ filter })).sort()).toEqual(expected)
  })

  it('combines filters with AND', async () => {
    const filter: MediaFilter = {
      mediaType: ['video'],
      minWidth: 1000,
      hasAudio: true,
      tags: ['Holiday'],
      minRating: 0,
    }
    const expected = rows()
      .filter(
        (r) =>
          r.media_type === 'video' &&
          (size(r)[0] ?? 0) >= 1000 &&
          meta(r).audioCodec &&
          tagsOf(r.id).includes('Holiday'),
      )
      .map((r) => r.id)
      .sort()
    expect(expected.length).toBeGreaterThan(3)
    expect((await listAll({ filter, sort: { by: 'size', dir: 'asc' } })).sort()).toEqual(expected)
  })
})

describe('keyset pages', () => {
  const sorts = (Object.keys(SORT_SQL) as MediaSortKey[]).flatMap((by) => [
    [by, 'asc'],
    [by, 'desc'],
  ]) as Array<[MediaSortKey, 'asc' | 'desc']>

  it.each(sorts)('by %s %s have no duplicates or gaps against one sorted query', async (by, dir) => {
    // The reference order from plain SQL over the stored columns, not the generated ones.
    const expected = lib.sqlite.db
      .prepare<[], string>(`SELECT id FROM videos ORDER BY ${SORT_SQL[by]} ${dir}, id ${dir}`)
      .pluck()
      .all()
    for (const limit of [1, 7, 100]) {
      expect(await listAll({ sort: { by, dir } }, limit)).toEqual(expected)
    }
  })

  it('pages a text search with a filter the same way', async () => {
    const filter: MediaFilter = { mediaType: ['video'] }
    const all = await listAll({ query: 'shot', filter, sort: { by: 'duration', dir: 'desc' } }, 500)
    expect(await listAll({ query: 'shot', filter, sort: { by: 'duration', dir: 'desc' } }, 9)).toEqual(all)
    expect(all.length).toBe(rows().filter((r) => r.media_type === 'video').length)
  })

  it.each([
    ['name', 'asc'],
    ['size', 'desc'],
  ] as const)('pages a tag filter (driven by the tag) by %s %s the same way', async (by, dir) => {
    const filter: MediaFilter = { tags: ['client-x', 'holiday'] }
    const expected = lib.sqlite.db
      .prepare<[], string>(
        `SELECT id FROM videos WHERE id IN (SELECT asset_id FROM asset_tags GROUP BY asset_id HAVING count(*) = 2)
         ORDER BY ${SORT_SQL[by]} ${dir}, id ${dir}`,
      )
      .pluck()
      .all()
    expect(expected.length).toBeGreaterThan(10)
    expect(await listAll({ filter, sort: { by, dir } }, 4)).toEqual(expected)
  })

  it('keeps the old call shape: newest import first', async () => {
    const page: Page = await call('media:list', { limit: 5 })
    const expected = lib.sqlite.db
      .prepare<[], string>('SELECT id FROM videos ORDER BY imported_at DESC, id DESC LIMIT 5')
      .pluck()
      .all()
    expect(page.items.map((item) => item.id)).toEqual(expected)
    expect(page.nextCursor).toEqual(expect.any(String))
  })

  it.each([
    ['garbage', 'not base64 json'],
    ['another sort', Buffer.from(JSON.stringify(['name', 'asc', 'a', 'A00001'])).toString('base64url')],
    ['a wrong key type', Buffer.from(JSON.stringify(['imported', 'desc', 5, 'A00001'])).toString('base64url')],
  ])('refuses a cursor that is %s', async (_what, cursor) => {
    const answer = await dispatch(lib, 'media:list', { limit: 5, cursor })
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation' } })
  })
})

describe('query plans', () => {
  const filters: MediaFilter[] = [{}, { mediaType: ['video'], minWidth: 1000, hasAudio: true, minRating: 2 }]
  const tagged: MediaFilter = { mediaType: ['video'], tags: ['Holiday', 'client-x'] }
  const noTableScan = (plan: string[]) =>
    plan.filter((step) => /^SCAN v\b/.test(step) && !/USING (COVERING )?INDEX/.test(step))
  const cases = (Object.keys(SORT_SQL) as MediaSortKey[]).flatMap((by) =>
    [true, false].flatMap((desc) =>
      [null, { key: by === 'imported' || by === 'name' ? 'm' : 5, id: 'A' }].map((after) => ({ by, desc, after })),
    ),
  )

  it.each(cases)(
    'a page by $by (desc $desc, after $after) walks an index, never a scan of videos',
    ({ by, desc, after }) => {
      for (const filter of filters) {
        const plan = lib.sqlite.repos.search.explainPage(searchParams(undefined, filter), by, desc, after)
        expect(noTableScan(plan)).toEqual([])
        expect(plan.join('\n')).toMatch(/(SCAN|SEARCH) v USING INDEX videos_sort_/)
        expect(plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
      }
    },
  )

  it.each(cases)('a text search by $by (desc $desc) is driven by the FTS index', ({ by, desc, after }) => {
    const plan = lib.sqlite.repos.search.explainPage(searchParams('café', filters[1]), by, desc, after)
    expect(noTableScan(plan)).toEqual([])
    expect(plan[0]).toMatch(/^SCAN f VIRTUAL TABLE/)
    expect(plan.join('\n')).toMatch(/SEARCH v USING INDEX sqlite_autoindex_videos_1 \(id=\?\)/)
  })

  it.each(cases)('a tag filter by $by (desc $desc) starts from the rarer tag', ({ by, desc, after }) => {
    const plan = lib.sqlite.repos.search.explainPage(searchParams(undefined, tagged), by, desc, after)
    expect(noTableScan(plan)).toEqual([])
    expect(plan.slice(0, 3)).toEqual([
      'SEARCH t0 USING COVERING INDEX sqlite_autoindex_tags_1 (name=?)',
      'SEARCH a0 USING COVERING INDEX asset_tags_tag (tag_id=?)',
      'SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)',
    ])
  })
})

describe('media:facets', () => {
  type Facets = ChannelOutput<'media:facets'>
  const states: Array<{ query?: string; filter: MediaFilter }> = [
    { filter: {} },
    { filter: { mediaType: ['video'], codec: ['h264', 'hevc'], minRating: 2 } },
    { query: 'shot', filter: { tags: ['Holiday'], orientation: ['landscape'], hasAudio: true } },
    { filter: { status: [6], sourceType: ['generated'], minDuration: 10 } },
  ]
  // Each facet as a filter that selects one of its values, for counting by listing.
  const asFilter: Record<
    'mediaType' | 'sourceType' | 'status' | 'codec' | 'container' | 'orientation' | 'hasAudio',
    (value: string | number) => MediaFilter
  > = {
    mediaType: (v) => ({ mediaType: [v as 'video'] }),
    sourceType: (v) => ({ sourceType: [String(v)] }),
    status: (v) => ({ status: [Number(v)] }),
    codec: (v) => ({ codec: [String(v)] }),
    container: (v) => ({ container: [String(v)] }),
    orientation: (v) => ({ orientation: [v as 'square'] }),
    hasAudio: (v) => ({ hasAudio: v === 1 }),
  }

  it.each(states)('counts what each value would leave, the other filters applied: %j', async ({ query, filter }) => {
    const facets = await call<Facets>('media:facets', { query, filter })
    const listed = await listAll({ query, filter }, 500)
    expect(facets.total).toBe(listed.length)
    for (const [facet, select] of Object.entries(asFilter) as Array<
      [keyof typeof asFilter, (value: string | number) => MediaFilter]
    >) {
      const counts = facets[facet]
      expect(counts.length).toBeGreaterThan(0)
      for (const { value, count } of counts) {
        const leaves = await listAll({ query, filter: { ...filter, ...select(value) } }, 500)
        expect([facet, value, count]).toEqual([facet, value, leaves.length])
      }
    }
    for (const { value, count } of facets.rating) {
      const others = { ...filter, minRating: undefined }
      const atLeast = await listAll({ query, filter: { ...others, minRating: Number(value) } }, 500)
      const above =
        Number(value) === 5 ? [] : await listAll({ query, filter: { ...others, minRating: Number(value) + 1 } }, 500)
      expect(['rating', value, count]).toEqual(['rating', value, atLeast.length - above.length])
    }
    for (const { value, count } of facets.tags) {
      const tags = [...new Set([...(filter.tags ?? []), String(value)])]
      expect(['tag', value, count]).toEqual([
        'tag',
        value,
        (await listAll({ query, filter: { ...filter, tags } }, 500)).length,
      ])
    }
  })

  it('gives the ranges of what is left', async () => {
    const filter: MediaFilter = { mediaType: ['video'], minWidth: 1000 }
    const facets = await call<Facets>('media:facets', { filter })
    const left = new Set(await listAll({ filter }, 500))
    const kept = rows().filter((r) => left.has(r.id))
    const durations = kept.map((r) => r.duration_seconds!).filter((d) => d !== null)
    expect(facets.ranges.duration).toEqual({ min: Math.min(...durations), max: Math.max(...durations) })
    expect(facets.ranges.width.min).toBeGreaterThanOrEqual(1000)
    const sizes = kept.map((r) => r.size_bytes!)
    expect(facets.ranges.size).toEqual({ min: Math.min(...sizes), max: Math.max(...sizes) })
    expect(facets.ranges.imported.max).toBe(
      kept
        .map((r) => r.imported_at)
        .sort()
        .at(-1),
    )
  })
})
