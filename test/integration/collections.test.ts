import { describe, expect, inject, it } from 'vitest'
import type { ChannelOutput, DeleteResult, UndoResult } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { seededLibrary } from '../helpers/assets'
import { call, listAll } from '../helpers/browse'
import { searchParams } from '../../main/services/assets/media-search'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

type Collection = ChannelOutput<'collections:create'>['collection']

async function create(lib: LocalLibrary, name: string): Promise<Collection> {
  const { collection } = await call<{ collection: Collection }>(lib, 'collections:create', { name })
  // Its change goes out now, not coalesced with the next one's.
  lib.changes.flush()
  return collection
}

const counts = async (lib: LocalLibrary) =>
  (await call<{ collections: Collection[] }>(lib, 'collections:list', {})).collections.map((c) => [c.name, c.count])

const members = (lib: LocalLibrary) =>
  lib.sqlite.db.prepare('SELECT collection_id, video_id FROM collection_items ORDER BY collection_id, video_id').all()

/** The change a collection's own row makes, and a membership's. */
const named = (seq: number) => ({
  name: 'library:changed',
  payload: { tables: ['collections'], topics: ['collections'], seq },
})
const filled = (seq: number) => ({
  name: 'library:changed',
  payload: { tables: ['collection_items'], topics: ['collections'], seq },
})

describe('collections', () => {
  it('creates, lists by name with counts, renames and refuses a name taken in another case', async () => {
    const { lib, events } = await seededLibrary(8)
    const trips = await create(lib, '  Trips ')
    expect(trips).toEqual({
      id: expect.any(Number),
      name: 'Trips',
      createdAt: expect.any(String),
      count: 0,
      version: 0,
      ownerId: null,
    })
    const best = await create(lib, 'best of')
    expect(await counts(lib)).toEqual([
      ['best of', 0],
      ['Trips', 0],
    ])
    const taken = await dispatch(lib, 'collections:create', { name: 'TRIPS' })
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict', details: { id: trips.id } } })
    const renamedOnto = await dispatch(lib, 'collections:rename', { id: best.id, name: 'trips' })
    expect(renamedOnto).toMatchObject({ ok: false, error: { code: 'conflict' } })
    // Its own name in another case is not taken.
    const recased = await call<{ collection: Collection }>(lib, 'collections:rename', { id: trips.id, name: 'TRIPS' })
    expect(recased.collection).toMatchObject({ id: trips.id, name: 'TRIPS' })
    lib.changes.flush()
    expect(await dispatch(lib, 'collections:rename', { id: 999, name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    lib.changes.flush()
    // The seed was change 1.
    expect(events).toEqual([named(2), named(3), named(4)])
  })

  it('adds and removes in bulk, reporting only what changed, and an asset can be in many collections', async () => {
    const { lib, ids, events } = await seededLibrary(8)
    const a = await create(lib, 'A')
    const b = await create(lib, 'B')
    events.length = 0
    expect(await call(lib, 'collections:add', { collectionId: a.id, ids: ids.slice(0, 4) })).toEqual({
      ids: ids.slice(0, 4),
      added: 4,
    })
    lib.changes.flush()
    expect(await call(lib, 'collections:add', { collectionId: a.id, ids: ids.slice(2, 6) })).toEqual({
      ids: ids.slice(4, 6),
      added: 2,
    })
    lib.changes.flush()
    await call(lib, 'collections:add', { collectionId: b.id, ids: [ids[0]] })
    lib.changes.flush()
    expect(await call(lib, 'collections:add', { collectionId: b.id, ids: [ids[0]] })).toEqual({ ids: [], added: 0 })
    lib.changes.flush()
    expect(await counts(lib)).toEqual([
      ['A', 6],
      ['B', 1],
    ])
    expect(await call(lib, 'media:get', { id: ids[0] })).toMatchObject({
      collections: [
        { id: a.id, name: 'A' },
        { id: b.id, name: 'B' },
      ],
    })
    expect(await call(lib, 'collections:remove', { collectionId: a.id, ids: [ids[0], ids[7]] })).toEqual({
      ids: [ids[0]],
      removed: 1,
    })
    expect(await call(lib, 'media:get', { id: ids[0] })).toMatchObject({ collections: [{ id: b.id, name: 'B' }] })
    // Adds that added nothing stay silent, as tagging does.
    lib.changes.flush()
    expect(events).toEqual([filled(4), filled(5), filled(6), filled(7)])
  })

  it('writes nothing when an asset or the collection is unknown, and refuses repeated or too many ids', async () => {
    const { lib, ids, events } = await seededLibrary(8)
    const a = await create(lib, 'A')
    await call(lib, 'collections:add', { collectionId: a.id, ids: [ids[0]] })
    lib.changes.flush()
    events.length = 0
    const before = members(lib)
    for (const [channel, input, code] of [
      ['collections:add', { collectionId: a.id, ids: [ids[1], 'GONE'] }, 'not_found'],
      ['collections:remove', { collectionId: a.id, ids: [ids[0], 'GONE'] }, 'not_found'],
      ['collections:add', { collectionId: a.id + 1, ids: [ids[1]] }, 'not_found'],
      ['collections:delete', { id: a.id + 1 }, 'not_found'],
      ['collections:add', { collectionId: a.id, ids: [ids[1], ids[1]] }, 'validation'],
      ['collections:add', { collectionId: a.id, ids: [] }, 'validation'],
      ['collections:add', { collectionId: a.id, ids: Array.from({ length: 10_001 }, (_, i) => `X${i}`) }, 'validation'],
      ['collections:create', { name: ' ' }, 'validation'],
    ] as const) {
      const answer = await dispatch(lib, channel, input)
      expect([channel, answer]).toMatchObject([channel, { ok: false, error: { code } }])
    }
    expect(members(lib)).toEqual(before)
    lib.changes.flush()
    expect(events).toEqual([])
  })

  it('takes 10,000 assets in one call', async () => {
    const { lib, ids } = await seededLibrary(10_000)
    const a = await create(lib, 'Everything')
    expect(await call(lib, 'collections:add', { collectionId: a.id, ids })).toMatchObject({ added: 10_000 })
    expect(await counts(lib)).toEqual([['Everything', 10_000]])
  })

  it('deleting a collection keeps its assets and their other memberships', async () => {
    const { lib, ids } = await seededLibrary(8)
    const a = await create(lib, 'A')
    const b = await create(lib, 'B')
    await call(lib, 'collections:add', { collectionId: a.id, ids: ids.slice(0, 3) })
    await call(lib, 'collections:add', { collectionId: b.id, ids: ids.slice(0, 1) })
    expect(await call(lib, 'collections:delete', { id: a.id })).toEqual({ id: a.id, removed: 3 })
    expect(await counts(lib)).toEqual([['B', 1]])
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM videos').pluck().get()).toBe(ids.length)
    expect(members(lib)).toEqual([{ collection_id: b.id, video_id: ids[0] }])
  })

  it('drops an asset from its collections when the asset row is deleted', async () => {
    const { lib, ids } = await seededLibrary(8)
    const a = await create(lib, 'A')
    const b = await create(lib, 'B')
    await call(lib, 'collections:add', { collectionId: a.id, ids: ids.slice(0, 3) })
    await call(lib, 'collections:add', { collectionId: b.id, ids: ids.slice(1, 2) })
    lib.sqlite.db.prepare('DELETE FROM videos WHERE id = ?').run(ids[1])
    expect(await counts(lib)).toEqual([
      ['A', 2],
      ['B', 0],
    ])
    expect(members(lib)).toEqual([
      { collection_id: a.id, video_id: ids[0] },
      { collection_id: a.id, video_id: ids[2] },
    ])
  })
})

describe('collection filter and facet', () => {
  it('lists only the collection, combines with other filters, and counts every collection per filter state', async () => {
    const { lib, ids } = await seededLibrary(60)
    const a = await create(lib, 'A')
    const b = await create(lib, 'B')
    const empty = await create(lib, 'Empty')
    const inA = ids.filter((_, i) => i % 3 === 0)
    const inB = ids.filter((_, i) => i % 5 === 0)
    await call(lib, 'collections:add', { collectionId: a.id, ids: inA })
    await call(lib, 'collections:add', { collectionId: b.id, ids: inB })

    expect(new Set(await listAll(lib, { filter: { collection: a.id } }))).toEqual(new Set(inA))
    expect(await listAll(lib, { filter: { collection: empty.id } })).toEqual([])
    const videos = new Set(await listAll(lib, { filter: { mediaType: ['video'] } }))
    expect(new Set(await listAll(lib, { filter: { collection: b.id, mediaType: ['video'] } }))).toEqual(
      new Set(inB.filter((id) => videos.has(id))),
    )

    type Facets = ChannelOutput<'media:facets'>
    const all = await call<Facets>(lib, 'media:facets', {})
    expect(all.collections).toEqual([
      { value: a.id, count: inA.length },
      { value: b.id, count: inB.length },
    ])
    // Filtering on A: the total is A's, and B still shows what choosing it instead would leave.
    const onA = await call<Facets>(lib, 'media:facets', { filter: { collection: a.id, mediaType: ['video'] } })
    expect(onA.total).toBe(inA.filter((id) => videos.has(id)).length)
    expect(onA.collections).toEqual([
      { value: a.id, count: inA.filter((id) => videos.has(id)).length },
      { value: b.id, count: inB.filter((id) => videos.has(id)).length },
    ])
  })
})

describe('collection pages', () => {
  it('start from the members of a small collection instead of walking the whole sort index', async () => {
    const { lib, ids } = await seededLibrary(40)
    const small = await create(lib, 'Small')
    await call(lib, 'collections:add', { collectionId: small.id, ids: ids.slice(0, 5) })
    const plan = lib.sqlite.repos.search.explainPage(
      searchParams(undefined, { collection: small.id }),
      'name',
      false,
      null,
    )
    expect(plan[0]).toMatch(/^SEARCH c0 USING (COVERING INDEX|PRIMARY KEY)/)
    expect(plan.some((step) => /^SCAN v\b/.test(step))).toBe(false)
    const names = await listAll(lib, { filter: { collection: small.id }, sort: { by: 'name', dir: 'asc' } }, 2)
    expect(new Set(names)).toEqual(new Set(ids.slice(0, 5)))
  })
})

describe('collections and delete with undo', () => {
  it('undo puts a deleted asset back in its collections, except one deleted in between', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [inject('fixtures').mp4, inject('fixtures').png])
    const [clip, still] = items.map((item) => item.asset!.id) as [string, string]
    const a = await create(lib, 'A')
    const b = await create(lib, 'B')
    await call(lib, 'collections:add', { collectionId: a.id, ids: [clip, still] })
    await call(lib, 'collections:add', { collectionId: b.id, ids: [clip] })

    const first = await call<DeleteResult>(lib, 'media:delete', { ids: [clip] })
    expect(await counts(lib)).toEqual([
      ['A', 1],
      ['B', 0],
    ])
    expect(await call<UndoResult>(lib, 'trash:undo', { batchId: first.batchId })).toMatchObject({ droppedLinks: 0 })
    expect(await call(lib, 'media:get', { id: clip })).toMatchObject({
      collections: [
        { id: a.id, name: 'A' },
        { id: b.id, name: 'B' },
      ],
    })

    const second = await call<DeleteResult>(lib, 'media:delete', { ids: [clip] })
    await call(lib, 'collections:delete', { id: b.id })
    expect(await call<UndoResult>(lib, 'trash:undo', { batchId: second.batchId })).toMatchObject({ droppedLinks: 1 })
    expect(await call(lib, 'media:get', { id: clip })).toMatchObject({ collections: [{ id: a.id, name: 'A' }] })
    expect(await counts(lib)).toEqual([['A', 2]])
  })
})
