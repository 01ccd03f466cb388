import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaFilter, MediaSortKey } from '../../shared/contract'
import type { VideoRow } from '../../main/db/repos/media'
import type { PageAfter } from '../../main/db/browse-model/search-params'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchParams, toMatchExpression } from '../../main/services/assets/media-search'
import { seedAssets } from '../helpers/assets'
import { call, SORT_SQL, suiteTempDir } from '../helpers/browse'

// Page statements are built per filter shape (which filters, how many values per list). Each shape is checked
// here against a reference read with plain SQL and JavaScript, not against another page statement.
const COUNT = 400
const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2'
// Every list holds a value no asset has, so a list can also match nothing.
const LISTS = {
  mediaType: ['video', 'image'],
  sourceType: ['uploaded', 'generated', 'processed', 'scanned'],
  status: [1, 3, 6, 2],
  codec: ['h264', 'hevc', 'vp9', 'prores', 'png', 'av1'],
  container: [MP4, 'matroska,webm', 'png_pipe', 'avi'],
  orientation: ['landscape', 'portrait', 'square'],
  health: ['missing', 'changed'],
} as const

/** A stored row with its import time as the sort reads it (seeded: metadata set). */
type Row = VideoRow & { imported: string; metadata: string }
let lib: LocalLibrary
let rows: Row[]
let tagsOf: Map<string, string[]>
let members: Set<string>

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  const ids = (await seedAssets(lib, COUNT)).map((asset) => asset.id)
  await call(lib, 'media:tag', { ids: ids.filter((_, i) => i % 3 === 0), tags: ['Sunset'] })
  await call(lib, 'media:tag', { ids: ids.filter((_, i) => i % 29 === 0), tags: ['rare'] })
  await call(lib, 'media:set-rating', { ids: ids.filter((_, i) => i % 4 === 1), rating: 4 })
  lib.sqlite.db.prepare(`INSERT INTO collections (id, name, created_at) VALUES (1, 'Picks', '2026-01-01')`).run()
  const member = lib.sqlite.db.prepare(`INSERT INTO collection_items VALUES (1, ?, '2026-01-01')`)
  ids.filter((_, i) => i % 7 === 0).forEach((id) => member.run(id))
  lib.sqlite.db
    .prepare(`UPDATE videos SET health = CASE WHEN rowid % 9 = 0 THEN 'missing' WHEN rowid % 13 = 0 THEN 'changed' END`)
    .run()
  rows = lib.sqlite.db.prepare<[], Row>('SELECT *, coalesce(imported_at, created_at) AS imported FROM videos').all()
  tagsOf = new Map(rows.map((row) => [row.id, []]))
  const tagRows = lib.sqlite.db.prepare<[], { id: string; name: string }>(
    'SELECT a.asset_id AS id, lower(t.name) AS name FROM asset_tags a JOIN tags t ON t.id = a.tag_id',
  )
  for (const { id, name } of tagRows.all()) tagsOf.get(id)!.push(name)
  members = new Set(lib.sqlite.db.prepare<[], string>('SELECT video_id FROM collection_items').pluck().all())
})
afterAll(() => lib.close())

const size = (row: Row) => (row.resolution?.split('x').map(Number) ?? [null, null]) as [number | null, number | null]
const orientation = ([w, h]: [number | null, number | null]) =>
  w === null || h === null ? null : w > h ? 'landscape' : w < h ? 'portrait' : 'square'
// SQL's NULL: a missing value passes no range.
const atLeast = (value: number | null, min: number | undefined) => min === undefined || (value !== null && value >= min)
const atMost = (value: number | null, max: number | undefined) => max === undefined || (value !== null && value <= max)
const within = <T>(list: readonly T[] | undefined, value: T | null) => !list || (value !== null && list.includes(value))

/** Whether a stored row passes a filter, computed from the stored columns as a reader of the table would. */
function passes(row: Row, filter: MediaFilter, matches: Set<string> | null): boolean {
  const [width, height] = size(row)
  const meta = JSON.parse(row.metadata) as { container: string | null; audioCodec: string | null }
  return (
    within(filter.mediaType, row.media_type) &&
    within(filter.sourceType, row.source_type) &&
    within(filter.status, row.status) &&
    within(filter.codec, row.codec) &&
    within(filter.container, meta.container) &&
    within(filter.orientation, orientation([width, height])) &&
    within(filter.health as string[] | undefined, row.health) &&
    atLeast(width, filter.minWidth) &&
    atMost(width, filter.maxWidth) &&
    atLeast(height, filter.minHeight) &&
    atMost(height, filter.maxHeight) &&
    atLeast(row.duration_seconds, filter.minDuration) &&
    atMost(row.duration_seconds, filter.maxDuration) &&
    atLeast(row.size_bytes, filter.minSize) &&
    atMost(row.size_bytes, filter.maxSize) &&
    (filter.importedFrom === undefined || row.imported >= filter.importedFrom) &&
    (filter.importedTo === undefined || row.imported.slice(0, 10) <= filter.importedTo) &&
    atLeast(row.rating, filter.minRating) &&
    (filter.hasAudio === undefined || (meta.audioCodec !== null) === filter.hasAudio) &&
    (filter.tags === undefined || filter.tags.every((tag) => tagsOf.get(row.id)!.includes(tag.toLowerCase()))) &&
    (filter.collection === undefined || members.has(row.id)) &&
    (matches === null || matches.has(row.id))
  )
}

const list = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 })
const allFilters = fc.record({
  mediaType: list(LISTS.mediaType),
  sourceType: list(LISTS.sourceType),
  status: list(LISTS.status),
  codec: list(LISTS.codec),
  container: list(LISTS.container),
  orientation: list(LISTS.orientation),
  health: list(LISTS.health),
  minWidth: fc.constantFrom(1024, 1920),
  maxWidth: fc.constantFrom(1080, 3840),
  minHeight: fc.constantFrom(480, 1080),
  maxHeight: fc.constantFrom(1080, 1920),
  minDuration: fc.constantFrom(0, 15, 40),
  maxDuration: fc.constantFrom(10, 30),
  minSize: fc.constantFrom(0, 20_000),
  maxSize: fc.constantFrom(10_000, 40_000),
  importedFrom: fc.constantFrom('2026-01-04', '2026-01-12'),
  importedTo: fc.constantFrom('2026-01-08', '2026-01-16'),
  minRating: fc.constantFrom(1, 4),
  hasAudio: fc.boolean(),
  tags: list(['Sunset', 'rare', 'absent']),
  collection: fc.constant(1),
})
// Up to three filters at once: they AND together, and more rarely leave a row of 400.
const filters: fc.Arbitrary<MediaFilter> = allFilters.chain((all) =>
  fc
    .subarray(Object.keys(all) as Array<keyof typeof all>, { maxLength: 3 })
    .map((keys) => Object.fromEntries(keys.map((key) => [key, all[key]])) as MediaFilter),
)

describe('page statements of every filter shape', () => {
  it('page exactly the rows a plain reading of the table leaves, in order, for lists of 1 to n values', () => {
    let nonEmpty = 0
    fc.assert(
      fc.property(
        filters,
        fc.constantFrom(undefined, 'shot', 'caf', 'zur beach'),
        fc.constantFrom<MediaSortKey>('imported', 'name', 'duration', 'size', 'resolution'),
        fc.boolean(),
        fc.integer({ min: 5, max: 60 }),
        (filter, query, by, desc, limit) => {
          const dir = desc ? 'DESC' : 'ASC'
          const expression = toMatchExpression(query)
          const matches = expression
            ? new Set(
                lib.sqlite.db
                  .prepare<[string], string>(
                    `SELECT k.asset_id FROM videos_fts f JOIN videos_fts_keys k ON k.fts_rowid = f.rowid
                     WHERE videos_fts MATCH ?`,
                  )
                  .pluck()
                  .all(expression),
              )
            : null
          const byId = new Map(rows.map((row) => [row.id, row]))
          const expected = lib.sqlite.db
            .prepare<[], string>(`SELECT id FROM videos ORDER BY ${SORT_SQL[by]} ${dir}, id ${dir}`)
            .pluck()
            .all()
            .filter((id) => passes(byId.get(id)!, filter, matches))
          const params = searchParams(query, filter)
          const paged: string[] = []
          let after: PageAfter | null = null
          for (;;) {
            const page = lib.sqlite.repos.search.page(params, by, desc, after, limit)
            paged.push(...page.map((row) => row.asset.id))
            const last = page.at(-1)
            if (page.length < limit || !last) break
            after = { key: last.key, id: last.asset.id }
          }
          expect(paged).toEqual(expected)
          if (expected.length > 0) nonEmpty++
        },
      ),
      { seed: 150, numRuns: 300 },
    )
    // Mostly several filters at once, which AND together: the property must still have compared rows.
    expect(nonEmpty).toBeGreaterThan(30)
  })

  it('walk the sort index with the values bound, not another index followed by a sort', () => {
    const params = searchParams(undefined, { mediaType: ['video'], codec: ['h264', 'hevc'], minWidth: 1920 })
    const plan = lib.sqlite.repos.search.explainPage(params, 'duration', true, null)
    expect(plan[0]).toMatch(/^SCAN v USING INDEX videos_sort_duration\b/)
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|json_each/)
  })
})
