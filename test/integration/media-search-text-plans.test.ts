import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaFilter, MediaSortKey } from '../../shared/contract'
import { createMediaSearchRepo, type PageAfter } from '../../main/db/repos/media-search'
import { openLibrary, type Library } from '../../main/library/library'
import { searchParams } from '../../main/services/media-search'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'

// Enough rows that a page ends inside the matches and a walk passes rows that do not match.
const COUNT = 700
const WORDS = ['caf', 'café', 'sho', 'shot 1', 'olberg', 'zur', 'kyoto beach', 'na', 'a', 'paris alp', 'xyzzy', 'sun']
const SORTS: MediaSortKey[] = ['imported', 'name', 'duration', 'size', 'resolution']
let lib: Library
let ids: string[]

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  ids = seedAssets(lib, COUNT).map((asset) => asset.id)
  // Tags (a rare one and a common one), notes, a collection and health flags, so every driver meets the text filter.
  await call(lib, 'media:tag', { ids: ids.filter((_, i) => i % 3 === 0), tags: ['Sunset'] })
  await call(lib, 'media:tag', { ids: ids.filter((_, i) => i % 41 === 0), tags: ['rare'] })
  await call(lib, 'media:set-notes', { id: ids[5], notes: 'café crème' })
  lib.db.prepare(`INSERT INTO collections (id, name, created_at) VALUES (1, 'Picks', '2026-01-01')`).run()
  const member = lib.db.prepare(`INSERT INTO collection_items VALUES (1, ?, '2026-01-01')`)
  ids.filter((_, i) => i % 7 === 0).forEach((id) => member.run(id))
  lib.db.prepare(`UPDATE videos SET health = 'missing' WHERE rowid % 9 = 0`).run()
})
afterAll(() => lib.close())

// Mostly no filter or a few: the filters AND together, and six at once rarely leave a match.
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
    const capped = lib.repos.search
    const common = capped.explainPage(searchParams('sho'), 'name', false, null)
    expect(common[0]).toMatch(/^SCAN v USING INDEX videos_sort_name/)
    expect(common).toContain('SCAN videos_fts VIRTUAL TABLE INDEX 0:M5')
    const rare = capped.explainPage(searchParams('café crème'), 'name', false, null)
    expect(rare[0]).toMatch(/^SCAN f VIRTUAL TABLE/)
    // A rare tag beside a common word still drives, with the text tested per row.
    const tagged = capped.explainPage(searchParams('sho', { tags: ['rare'] }), 'name', false, null)
    expect(tagged[0]).toMatch(/^SEARCH t0/)
    expect(tagged).toContain('SCAN videos_fts VIRTUAL TABLE INDEX 0:M5')
  })

  it('page the same rows in the same order from the same cursors, for any query, filter and sort', () => {
    // Below zero no match count is small enough to drive: every query walks, even one that matches nothing.
    const walk = createMediaSearchRepo(lib.db, { textDriveMax: -1 })
    const drive = createMediaSearchRepo(lib.db, { textDriveMax: Infinity })
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
    // The property compared pages that held rows, not only empty answers.
    expect(nonEmpty).toBeGreaterThan(50)
  })
})
