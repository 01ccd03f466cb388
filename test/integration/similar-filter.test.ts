import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelOutput, DeleteResult, EventMessage, MediaFilter } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchParams } from '../../main/services/assets/media-search'
import { activeHashJob } from '../../main/services/similar/hash-job'
import { call, listAll, suiteTempDir } from '../helpers/browse'
import { writeImageVariants, writeVideoVariants } from '../helpers/footage-variants'
import { importAndWait } from '../helpers/ingest'

type Groups = ChannelOutput<'similar:groups'>
type Facets = ChannelOutput<'media:facets'>

// Pictures of other photographs than the clips' (a still of the clips' photograph is one of their frames).
const STILL_PHOTO = path.resolve('test/fixtures/pdq-reference/q0746.jpg')
const OTHER_PHOTO = path.resolve('test/fixtures/pdq-reference/q0291.jpg')
const VIDEOS = ['source.mp4', 'unrelated.mp4', 'low-bitrate.mp4', 'half-size.mp4']
const IMAGES = ['still.png', 'other.png', 'scaled.png', 'recompressed.jpg']
const GROUPED = ['half-size.mp4', 'low-bitrate.mp4', 'recompressed.jpg', 'scaled.png', 'source.mp4', 'still.png']

let dir: string
let lib: LocalLibrary
let idOf: Map<string, string>
let nameOf: Map<string, string>

const names = (ids: readonly string[]) => ids.map((id) => nameOf.get(id)).sort()
const listed = async (filter: MediaFilter) => names(await listAll(lib, { filter, sort: { by: 'name', dir: 'asc' } }, 3))
/** The facet's count of assets with near-duplicates (1) and without (0). */
const counted = async (filter: MediaFilter = {}) => {
  const { hasNearDuplicates } = await call<Facets>(lib, 'media:facets', { filter })
  const of = (value: number) => hasNearDuplicates.find((entry) => entry.value === value)?.count ?? 0
  return { with: of(1), without: of(0) }
}
/** The members of the review page's groups, by name. */
const groupedNames = async () => {
  const { groups } = await call<Groups>(lib, 'similar:groups', { limit: 200 })
  return names(groups.flatMap((group) => group.members.map((member) => member.asset.id)))
}
/** Resolves once the assets with near-duplicates are written as the groups stand (nothing left to recompute). */
const setWritten = () => {
  // What the test changed goes out now: the set hears of it (and notes itself stale) before the wait.
  lib.changes.flush()
  return vi
    .waitFor(async () => expect(await lib.catalog.repos.similar.nearDuplicatesStale()).toBeNull(), {
      timeout: 60_000,
      interval: 20,
    })
    .then(() => lib.changes.flush())
}

beforeAll(async () => {
  const footage = suiteTempDir()
  await writeVideoVariants(footage, ['low-bitrate.mp4', 'half-size.mp4'])
  await writeImageVariants(footage, STILL_PHOTO, OTHER_PHOTO)
  dir = suiteTempDir()
  lib = openLibrary(dir, { hashAfterImports: true })
  const files = [...VIDEOS, ...IMAGES].map((name) => path.join(footage, name))
  const { items } = await importAndWait(lib, files)
  idOf = new Map(items.map((item) => [path.basename(item.path), item.asset!.id]))
  nameOf = new Map([...idOf].map(([name, id]) => [id, name]))
  const job = await activeHashJob(lib)
  if (job) await lib.jobs.settled(job.id)
  await setWritten()
}, 180_000)
afterAll(() => lib.close())

describe('the "Has near-duplicates" filter', () => {
  it('lists exactly the members of the review page groups, false the others, and counts them', async () => {
    expect(await groupedNames()).toEqual(GROUPED)
    expect(await listed({ hasNearDuplicates: true })).toEqual(GROUPED)
    expect(await listed({ hasNearDuplicates: false })).toEqual(['other.png', 'unrelated.mp4'])
    expect(await counted()).toEqual({ with: 6, without: 2 })
    // With other filters: what they leave; the filter itself leaves the other value's count in view.
    expect(await listed({ hasNearDuplicates: true, mediaType: ['image'] })).toEqual([
      'recompressed.jpg',
      'scaled.png',
      'still.png',
    ])
    expect(await counted({ mediaType: ['video'] })).toEqual({ with: 3, without: 1 })
    const filtered = await call<Facets>(lib, 'media:facets', { filter: { hasNearDuplicates: true } })
    expect(filtered.total).toBe(6)
    expect(filtered.mediaType).toEqual([
      { value: 'image', count: 3 },
      { value: 'video', count: 3 },
    ])
    expect(await counted({ hasNearDuplicates: true })).toEqual({ with: 6, without: 2 })
  })

  it('pages walk a sort index or start from the few assets with near-duplicates, never a scan of videos', () => {
    const tableScans = (plan: string[]) =>
      plan.filter((step) => /^SCAN v\b/.test(step) && !/USING (COVERING )?INDEX/.test(step))
    for (const hasNearDuplicates of [true, false]) {
      for (const after of [null, { key: 'm', id: 'A' }]) {
        const plan = lib.sqlite.repos.search.explainPage(
          searchParams(undefined, { hasNearDuplicates }),
          'name',
          false,
          after,
        )
        expect(tableScans(plan)).toEqual([])
        if (hasNearDuplicates) {
          expect(plan[0]).toBe('SCAN n0')
          expect(plan[1]).toMatch(/^SEARCH v USING INDEX sqlite_autoindex_videos_1 \(id=\?\)/)
        } else {
          expect(plan[0]).toMatch(/^(SCAN|SEARCH) v USING INDEX videos_sort_name/)
          expect(plan).toContain('CORRELATED SCALAR SUBQUERY 1')
          expect(plan.join('\n')).toMatch(/SEARCH n USING PRIMARY KEY \(asset_id=\?\)/)
        }
      }
    }
  })

  it('leaves out a member once it is dismissed from its group, and takes it back with the undo', async () => {
    const events: EventMessage[] = []
    const unsubscribe = lib.events.subscribe((event) => events.push(event))
    try {
      const scaled = idOf.get('scaled.png')!
      for (const other of ['still.png', 'recompressed.jpg']) {
        await call(lib, 'similar:dismiss', { a: scaled, b: idOf.get(other)! })
      }
      await setWritten()
      expect(await groupedNames()).toEqual(GROUPED.filter((name) => name !== 'scaled.png'))
      expect(await counted()).toEqual({ with: 5, without: 3 })
      expect(await listed({ hasNearDuplicates: true })).toEqual(GROUPED.filter((name) => name !== 'scaled.png'))
      expect(await listed({ hasNearDuplicates: false })).toEqual(['other.png', 'scaled.png', 'unrelated.mp4'])
      // The library's views hear of it (they reload their counts and a view filtered on it).
      const changed = events.filter((event) => event.name === 'library:changed')
      expect(changed.map((event) => event.payload.tables)).toContainEqual(['near_duplicate_assets'])

      for (const other of ['still.png', 'recompressed.jpg']) {
        await call(lib, 'similar:undismiss', { a: scaled, b: idOf.get(other)! })
      }
      await setWritten()
      expect(await counted()).toEqual({ with: 6, without: 2 })
    } finally {
      unsubscribe()
    }
  }, 60_000)

  it('leaves out the copies a delete took, and the original they leave alone; the undo brings all back', async () => {
    const copies = ['low-bitrate.mp4', 'half-size.mp4'].map((name) => idOf.get(name)!)
    const { batchId } = await call<DeleteResult>(lib, 'media:delete', { ids: copies })
    await setWritten()
    expect(await listed({ hasNearDuplicates: true })).toEqual(['recompressed.jpg', 'scaled.png', 'still.png'])
    expect(await counted({ mediaType: ['video'] })).toEqual({ with: 0, without: 2 })

    await call(lib, 'trash:undo', { batchId })
    await setWritten()
    expect(await listed({ hasNearDuplicates: true })).toEqual(GROUPED)
    expect(await counted()).toEqual({ with: 6, without: 2 })
  }, 60_000)

  it('is filled at the next open when this process did not live to write it', async () => {
    lib.sqlite.db.prepare('DELETE FROM near_duplicate_assets').run()
    await lib.catalog.repos.similar.markNearDuplicatesStale()
    expect(await counted()).toEqual({ with: 0, without: 8 })
    await lib.close()
    lib = openLibrary(dir)
    await setWritten()
    expect(await listed({ hasNearDuplicates: true })).toEqual(GROUPED)
    expect(await counted()).toEqual({ with: 6, without: 2 })
  }, 60_000)
})
