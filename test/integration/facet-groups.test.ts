import fc from 'fast-check'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MediaFilter } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import type { LocalLibrary } from '../../main/services/library-context'
import { searchParams } from '../../main/services/assets/media-search'
import { rateAssets, tagAssets } from '../../main/services/assets/tags'
import { addToCollection, createCollection } from '../../main/services/collections/collections'
import { createFacetIndex } from '../../main/services/facet-index/facet-index'
import { facetSnapshotPath, libraryFacetSources } from '../../main/services/facet-index/facet-sources'
import { comparable, expectedFacets } from '../helpers/expected-facets'
import { filterStates } from '../helpers/filter-states'
import { seedAssets } from '../helpers/assets'
import { linkWorkflow, writeGeneration } from '../helpers/generation-rows'
import { tempDir } from '../helpers/temp-dir'
import { readPlan } from '../bench/query-plan'
import { explain, traceGroupedCount, traceSearchQueries } from '../bench/sql-trace'

// The counts media:facets gives while the facet index is first read (issue 22 point 2: "requests meanwhile get
// correct counts by another path"), against a walk of media:list per facet value, for random filter states.
const SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || Math.floor(Math.random() * 0x7fffffff)

// The filters a grouped walk answers: all but those it leaves to the full index.
const countableFilter = filterStates([
  'tags',
  'health',
  'collection',
  'hasNearDuplicates',
  'provider',
  'model',
  'sampler',
  'steps',
  'loras',
  'hasWorkflow',
])

/** A new facet index of `lib`, as the next process has it before its first read. */
function freshIndex(lib: LocalLibrary) {
  return createFacetIndex(lib.sqlite.repos.facetRows, libraryFacetSources(lib.dir, lib.sqlite.path))
}

/** A library of 150 synthetic assets with tags, a collection, ratings, near-duplicates, a flag, importers and NULLs. */
async function seededLibrary(): Promise<LocalLibrary> {
  const lib = openLibrary(tempDir())
  const ids = (await seedAssets(lib, 150, 21)).map((asset) => asset.id)
  await tagAssets(lib, ids.slice(0, 30), ['beach'])
  await tagAssets(lib, ids.slice(20, 45), ['night'])
  await createCollection(lib, 'selects')
  await addToCollection(lib, 1, ids.slice(10, 70))
  await rateAssets(lib, ids.slice(5, 60), 3)
  // Some with near-duplicates, one flagged, one with no size and a resolution that is no size: every NULL path.
  const near = lib.sqlite.db.prepare('INSERT INTO near_duplicate_assets (asset_id) VALUES (?)')
  for (const id of ids.slice(40, 55)) near.run(id)
  lib.sqlite.db.prepare(`UPDATE videos SET health = 'missing' WHERE id = ?`).run(ids[3])
  lib.sqlite.db.prepare(`UPDATE videos SET size_bytes = NULL, resolution = 'odd' WHERE id = ?`).run(ids[4])
  // Imported by two people and by nobody known (an older library's row): the walk groups by it as well.
  lib.sqlite.db
    .prepare(`UPDATE videos SET imported_by = iif(rowid % 3 = 0, 'Ada', iif(rowid % 7 = 0, NULL, imported_by))`)
    .run()
  // Generation details on some, workflow links on others and on some of those: every split of a combination.
  ids.slice(30, 110).forEach((id, i) => writeGeneration(lib.sqlite.db, id, i * 7))
  ids.slice(90, 130).forEach((id) => linkWorkflow(lib.sqlite.db, id))
  // Stacks: members under heads, and members whose head is not in the library (they show as cards).
  const stack = lib.sqlite.db.prepare(`INSERT INTO stack_members VALUES (?, ?, 'processed')`)
  ids.slice(100, 140).forEach((id, i) => stack.run(id, i < 30 ? ids[140 + (i % 5)] : `GONE${i}`))
  return lib
}

describe('facet counts while the index is first read', () => {
  let lib: LocalLibrary
  beforeEach(async () => {
    lib = await seededLibrary()
  })
  afterEach(() => lib.close())

  it('gives the counts a walk of media:list gives, for every state it answers', async () => {
    // No filter (tags, collections and near-duplicates counted whole), then random ones.
    const all = await freshIndex(lib).whileReading(searchParams(undefined, {}), {})
    expect(comparable(all!)).toEqual(expectedFacets(lib, undefined, {}))
    expect(all!.tags.length).toBe(2)
    expect(all!.model.length).toBe(3)
    expect(all!.loras.length).toBe(3)
    // Found by the property below (seed 1483531145): a stack member held the newest import of its combination, and
    // the collapsed state's range of imports reached it.
    const collapsed: MediaFilter = { container: ['matroska,webm'], collapseStacks: true }
    const answer = await freshIndex(lib).whileReading(searchParams(undefined, collapsed), collapsed)
    expect(comparable(answer!)).toEqual(expectedFacets(lib, undefined, collapsed))
    // Found by the property below (seed 1824475409): the filter table's facets narrow what tags and collections count.
    const byAda: MediaFilter = { importedBy: ['Ada'] }
    const ada = await freshIndex(lib).whileReading(searchParams(undefined, byAda), byAda)
    expect(comparable(ada!)).toEqual(expectedFacets(lib, undefined, byAda))
    await fc.assert(
      fc.asyncProperty(countableFilter, async (filter) => {
        const index = freshIndex(lib)
        const answer = await index.whileReading(searchParams(undefined, filter), filter)
        expect(answer).not.toBeNull()
        expect(comparable(answer!)).toEqual(expectedFacets(lib, undefined, filter))
        await index.ready()
      }),
      { seed: SEED, numRuns: 40 },
    )
  }, 120_000)

  it('leaves text, tags, collections, health and near-duplicates to the full index, and answers nothing once it is read', async () => {
    const index = freshIndex(lib)
    const asks: Array<[string | undefined, MediaFilter]> = [
      ['beach', {}],
      [undefined, { tags: ['beach'] }],
      [undefined, { collection: 1 }],
      [undefined, { health: ['missing'] }],
      [undefined, { hasNearDuplicates: true }],
      [undefined, { model: ['flux1-dev'] }],
      [undefined, { loras: ['film-grain'] }],
    ]
    for (const [query, filter] of asks) expect(await index.whileReading(searchParams(query, filter), filter)).toBeNull()
    await index.ready()
    expect(await index.whileReading(searchParams(undefined, {}), {})).toBeNull()
  })

  it('reads videos_facets alone, never the videos table, and groups in its order (no sort)', async () => {
    // The first read of the full index and the grouped walk: each reads every asset, so each must walk the narrow
    // index, with the filter table's facets (imported_by) in it (library migration 0600).
    const statements = [
      // The facet index traceSearchQueries puts in lib.sqlite.facetIndex, new: its first count reads every asset.
      ...(await traceSearchQueries(lib, async () => lib.sqlite.facetIndex.facets(searchParams(undefined, {}), {}))),
      ...(await traceGroupedCount(lib)),
    ]
    const plans = statements.map((query) => ({ sql: query.sql, plan: explain(lib.sqlite.db, query) }))
    expect(plans.flatMap(({ sql, plan }) => readPlan(sql, plan).tableScans)).toEqual([])
    const walks = plans.filter(({ sql }) => /INDEXED BY videos_facets/.test(sql))
    expect(walks.map(({ sql }) => /GROUP BY/.test(sql))).toEqual([false, true])
    expect(walks.flatMap(({ plan }) => plan)).toEqual([
      expect.stringMatching(/^SCAN v USING (COVERING )?INDEX videos_facets$/),
      expect.stringMatching(/^SCAN v USING (COVERING )?INDEX videos_facets$/),
    ])
  })

  it('leaves a library with a snapshot to the snapshot (loaded within a second)', async () => {
    mkdirSync(path.dirname(facetSnapshotPath(lib.dir)), { recursive: true })
    writeFileSync(facetSnapshotPath(lib.dir), 'not a snapshot')
    expect(await freshIndex(lib).whileReading(searchParams(undefined, {}), {})).toBeNull()
  })
})
