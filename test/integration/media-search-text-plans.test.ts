import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaFilter, MediaSortKey } from '../../shared/contract'
import { createMediaSearchRepo, type OrderWindows } from '../../main/db/repos/media-search'
import type { PageAfter, PageRow } from '../../main/db/browse-model/search-params'
import type { TextMarker } from '../../main/db/repos/media-text-marks'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchParams } from '../../main/services/assets/media-search'
import { createSortOrders } from '../../main/services/browse/sort-orders'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'
import { explain, traceSearchQueries } from '../bench/sql-trace'

// Enough rows that a page ends inside the matches and a walk passes rows that do not match.
const COUNT = 700
const WORDS = ['caf', 'café', 'sho', 'shot 1', 'olberg', 'zur', 'kyoto beach', 'na', 'a', 'paris alp', 'xyzzy', 'sun']
const SORTS: MediaSortKey[] = ['imported', 'name', 'duration', 'size', 'resolution']
let lib: LocalLibrary
let ids: string[]

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  // Full-text rowids from 1001 on, so the text marks' map from them to videos rowids is no identity.
  lib.sqlite.db.prepare(`INSERT INTO videos_fts_keys (fts_rowid, asset_id) VALUES (1000, 'not-an-asset')`).run()
  ids = (await seedAssets(lib, COUNT)).map((asset) => asset.id)
  // Tags (a rare one and a common one), notes, a collection and health flags, so every driver meets the text filter.
  await call(lib, 'media:tag', { ids: ids.filter((_, i) => i % 3 === 0), tags: ['Sunset'] })
  await call(lib, 'media:tag', { ids: ids.filter((_, i) => i % 41 === 0), tags: ['rare'] })
  await call(lib, 'media:set-notes', { id: ids[5], notes: 'café crème' })
  lib.sqlite.db.prepare(`INSERT INTO collections (id, name, created_at) VALUES (1, 'Picks', '2026-01-01')`).run()
  const member = lib.sqlite.db.prepare(`INSERT INTO collection_items VALUES (1, ?, '2026-01-01')`)
  ids.filter((_, i) => i % 7 === 0).forEach((id) => member.run(id))
  lib.sqlite.db.prepare(`UPDATE videos SET health = 'missing' WHERE rowid % 9 = 0`).run()
  // Reads the facet index, whose text marks a walk may then test rows against.
  await lib.sqlite.facetIndex.ready()
})
afterAll(() => lib.close())

// Mostly no filter or a few: the filters AND together, and six at once rarely leave a match.
/** A page's rows without the text index's columns a walk against a prefix's marks tells. */
function withoutColumns(rows: PageRow[]): PageRow[] {
  return rows.map((row) => {
    const copy = { ...row }
    delete copy.hitColumns
    return copy
  })
}

const filters: fc.Arbitrary<MediaFilter> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 2 },
  fc.record(
    {
      mediaType: fc.constantFrom<string[]>(['video'], ['image']),
      codec: fc.subarray(['h264', 'hevc', 'png'], { minLength: 1 }),
      minDuration: fc.constantFrom(0, 10, 30),
      tags: fc.constantFrom<string[]>(['sunset'], ['rare'], ['Sunset', 'rare']),
      collection: fc.constant(1),
      health: fc.constant<MediaFilter['health']>(['missing']),
    },
    { requiredKeys: [] },
  ),
)

describe('the two plans of a text search', () => {
  it('walk the sort index when the matches are many for the library, and fetch the matches otherwise', () => {
    // 700 assets and 100-row pages: past √(100 × 700 × 0.2) ≈ 119 matches the walk reads fewer rows.
    const capped = lib.sqlite.repos.search
    const common = capped.explainPage(searchParams('sho'), 'name', false, null)
    expect(common[0]).toMatch(/^SCAN v USING INDEX videos_sort_name/)
    // M8: a MATCH on the whole row of the text index's eight columns (0360 added screen_text, 0440 subtitles, 0790
    // comments).
    expect(common).toContain('SCAN videos_fts VIRTUAL TABLE INDEX 0:M8')
    const rare = capped.explainPage(searchParams('café crème'), 'name', false, null)
    expect(rare[0]).toMatch(/^SCAN f VIRTUAL TABLE/)
    // A rare tag beside a common word still drives, with the text tested per row.
    const tagged = capped.explainPage(searchParams('sho', { tags: ['rare'] }), 'name', false, null)
    expect(tagged[0]).toMatch(/^SEARCH t0/)
    expect(tagged).toContain('SCAN videos_fts VIRTUAL TABLE INDEX 0:M8')
  })

  it('with the matches marked in memory, read windows of the sort index and then the rows of the matches alone', async () => {
    // The statements media:list runs once the facet index is read, each with its plan.
    const statements = async (input: Record<string, unknown>) => {
      const request = () => call(lib, 'media:list', { limit: 20, cursor: null, query: 'sho', ...input })
      return (await traceSearchQueries(lib, request, { warm: true })).map((query) => ({
        sql: query.sql,
        plan: explain(lib.sqlite.db, query),
      }))
    }
    for (const by of ['imported', 'name'] as const) {
      const ran = await statements({ sort: { by, dir: 'asc' } })
      // A window: the next rowids of the order from its index, nothing else; by name, from the order held in
      // memory since the first search by name (the warm call) read it.
      const window = ran.find(
        (statement) => /group_concat\(rowid\)/.test(statement.sql) && /INDEXED BY/.test(statement.sql),
      )
      expect(window?.plan).toEqual(
        by === 'name'
          ? undefined
          : ['CO-ROUTINE (subquery-1)', `SCAN v USING INDEX videos_sort_${by}`, 'SCAN (subquery-1)'],
      )
      // The page's rows: the matches' rowids, one primary-key probe each, neither sorted nor tested again.
      const rows = ran.filter((statement) => /\bAS sort_key\b/.test(statement.sql))
      expect(rows.map((statement) => statement.plan)).toEqual([
        ['SCAN j VIRTUAL TABLE INDEX 1:', 'SEARCH v USING INTEGER PRIMARY KEY (rowid=?)'],
      ])
    }
    // With other filters, in import order, the matches' filters are tested before their rows are read, the same way.
    const filtered = await statements({ filter: { mediaType: ['video'] } })
    const passing = filtered.find((statement) => /^SELECT j\.key\b/.test(statement.sql))
    expect(passing?.plan).toEqual(['SCAN j VIRTUAL TABLE INDEX 1:', 'SEARCH v USING INTEGER PRIMARY KEY (rowid=?)'])
    // By name, the sort index is walked with the marks tested per row in SQL, and it stops where the page fills.
    const byName = await statements({ filter: { mediaType: ['video'] }, sort: { by: 'name', dir: 'asc' } })
    expect(
      byName.filter((statement) => /\bAS sort_key\b/.test(statement.sql)).map((statement) => statement.plan),
    ).toEqual([['SCAN v USING INDEX videos_sort_name']])
  })

  it('page the same rows in the same order from the same cursors, for any query, filter and sort', async () => {
    // Below zero no match count is small enough to drive: every query walks, even one that matches nothing.
    const walk = createMediaSearchRepo(lib.sqlite.db, { textDriveMax: -1 })
    const drive = createMediaSearchRepo(lib.sqlite.db, { textDriveMax: Infinity })
    // Windows of the order from three rows on, doubling past the end of the library.
    const windowed = createMediaSearchRepo(lib.sqlite.db, {
      textDriveMax: -1,
      textWindow: { first: 3, most: Infinity },
    })
    const marker = lib.sqlite.facetIndex.textMarker()!
    // The walk's three ways of testing text besides the SQL's: every match marked; windows whose marks
    // hold every match (so each window's growth, next start and end are taken whatever the rowids' spread);
    // and the index's own windows, which mark a window's range of full-text rows when it is narrow.
    const everyMatch: TextMarker = { all: (match) => marker.all(match), among: () => null }
    let windows = 0
    const everyWindow: TextMarker = {
      all: (match) => marker.all(match),
      among: (match) => {
        windows++
        return marker.all(match).marks
      },
    }
    // Orders other than import's held in memory, their windows counted.
    const held = createSortOrders(lib.sqlite.repos.sortOrderRows, lib.sqlite.repos.facetRows)
    for (const by of SORTS) await held.read(by)
    let heldWindows = 0
    const orders: OrderWindows = {
      window: (...asked) => {
        const window = held.window(...asked)
        if (window) heldWindows++
        return window
      },
    }
    let nonEmpty = 0
    fc.assert(
      fc.property(
        fc.constantFrom(...WORDS),
        filters,
        fc.constantFrom(...SORTS),
        fc.boolean(),
        fc.integer({ min: 1, max: 80 }),
        (query, filter, by, desc, limit) => {
          const params = searchParams(query, filter)
          expect(walk.explainPage(params, by, desc, null)[0]).not.toMatch(/VIRTUAL TABLE/)
          let after: PageAfter | null = null
          let seen = 0
          // A few pages deep from each start: cursors inside the matches, and the end where a query has few.
          for (let pages = 0; pages < 5; pages++) {
            const walked = walk.page(params, by, desc, after, limit)
            const driven = drive.page(params, by, desc, after, limit)
            expect(walked).toEqual(driven)
            // A walk against a prefix's marks also tells each row's columns holding the word (compared elsewhere).
            expect(withoutColumns(walk.page(params, by, desc, after, limit, everyMatch))).toEqual(driven)
            expect(withoutColumns(windowed.page(params, by, desc, after, limit, everyWindow))).toEqual(driven)
            expect(withoutColumns(windowed.page(params, by, desc, after, limit, marker))).toEqual(driven)
            expect(withoutColumns(windowed.page(params, by, desc, after, limit, marker, orders))).toEqual(driven)
            seen += walked.length
            const last = walked.at(-1)
            if (walked.length < limit || !last) break
            after = { key: last.key, id: last.asset.id }
          }
          if (seen > 0) nonEmpty++
        },
      ),
      { seed: 1309, numRuns: 120 },
    )
    // The property compared pages that held rows, not only empty answers, and walks that took windows.
    expect(nonEmpty).toBeGreaterThan(50)
    // Only walks in import order take windows (a fifth of the runs); other orders mark every match at once.
    expect(windows).toBeGreaterThan(150)
    // The other orders' walks took windows from memory.
    expect(heldWindows).toBeGreaterThan(150)
  })

  it('count every match they mark, which chooses the plan of a walk that marks them all', () => {
    const marker = lib.sqlite.facetIndex.textMarker()!
    const matching = lib.sqlite.db.prepare<[string], number>(
      `SELECT count(*) FROM videos_fts f JOIN videos_fts_keys k ON k.fts_rowid = f.rowid JOIN videos v ON v.id = k.asset_id
       WHERE videos_fts MATCH ?`,
    )
    for (const word of WORDS) {
      const match = searchParams(word).query!
      const { marks, count } = marker.all(match)
      expect(count).toBe(matching.pluck().get(match))
      expect(marks.reduce((sum, mark) => sum + mark, 0)).toBe(count)
    }
    // A rare word is fetched from the text index; a common one walks the name order against the marks.
    const rare = lib.sqlite.repos.search.page(searchParams('café crème'), 'name', false, null, 100, marker)
    expect(rare.map((row) => row.asset.id)).toEqual([ids[5]])
    expect(marker.all(searchParams('sho').query!).count).toBeGreaterThan(119)
  })

  it('keep the last search’s marks for its next pages and counts, until the library changes', async () => {
    const marker = lib.sqlite.facetIndex.textMarker()!
    const match = searchParams('plugh').query!
    expect(marker.all(match).count).toBe(0)
    await call(lib, 'media:set-notes', { id: ids[9], notes: 'plugh' })
    const { marks, count } = marker.all(match)
    expect(count).toBe(1)
    expect(
      marks[lib.sqlite.db.prepare<[string], number>('SELECT rowid FROM videos WHERE id = ?').pluck().get(ids[9]!)!],
    ).toBe(1)
    await call(lib, 'media:set-notes', { id: ids[9], notes: '' })
    expect(marker.all(match).count).toBe(0)
  })
})

describe('a text walk in windows of the order', () => {
  it('pages as the SQL does where full-text rowids follow the import order, marking from either end', async () => {
    const ordered = openLibrary(suiteTempDir())
    try {
      ordered.sqlite.db.prepare(`INSERT INTO videos_fts_keys (fts_rowid, asset_id) VALUES (1000, 'not-an-asset')`).run()
      await seedAssets(ordered, COUNT)
      // Imported a minute apart in insert order, as imports leave a library, with neighbours swapped here
      // and there as imports side by side do.
      ordered.sqlite.db
        .prepare(
          `UPDATE videos SET imported_at = strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', (rowid + (rowid % 7 = 0) - (rowid % 7 = 1)) || ' minutes')`,
        )
        .run()
      ordered.sqlite.facetIndex.facets(searchParams(undefined), {})
      const marker = ordered.sqlite.facetIndex.textMarker()!
      const fromEnds = { highest: 0, lowest: 0 }
      const counting: TextMarker = {
        all: (match) => marker.all(match),
        among: (match, rowids) => {
          const found = marker.among(match, rowids)
          if (found) fromEnds[Math.max(...rowids) > COUNT / 2 ? 'highest' : 'lowest']++
          return found
        },
      }
      const drive = createMediaSearchRepo(ordered.sqlite.db, { textDriveMax: Infinity })
      const windowed = createMediaSearchRepo(ordered.sqlite.db, {
        textDriveMax: -1,
        textWindow: { first: 4, most: Infinity },
      })
      fc.assert(
        fc.property(fc.constantFrom(...WORDS), fc.boolean(), fc.integer({ min: 1, max: 30 }), (query, desc, limit) => {
          const params = searchParams(query)
          let after: PageAfter | null = null
          for (let pages = 0; pages < 4; pages++) {
            const driven = drive.page(params, 'imported', desc, after, limit)
            expect(windowed.page(params, 'imported', desc, after, limit, counting)).toEqual(driven)
            const last = driven.at(-1)
            if (driven.length < limit || !last) break
            after = { key: last.key, id: last.asset.id }
          }
        }),
        { seed: 1310, numRuns: 80 },
      )
      // Newest first, windows lie at the highest full-text rowids; oldest first, at the lowest.
      expect(fromEnds.highest).toBeGreaterThan(50)
      expect(fromEnds.lowest).toBeGreaterThan(50)
    } finally {
      ordered.close()
    }
  })
})
