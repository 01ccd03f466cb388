import { describe, expect, inject, it } from 'vitest'
import type { ChannelOutput, DeleteResult, UndoResult } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { dispatch } from '../../main/dispatch'
import { addPerson } from '../../main/services/people/people'
import { deleteAssets } from '../../main/services/trash/trash'
import { librariesOfBothEngines } from '../helpers/both-engines'
import { importAndWait, sha256Of } from '../helpers/ingest'

const fixtures = inject('fixtures')
const { libraries } = librariesOfBothEngines()
const OTHER = `sha256:${'0'.repeat(64)}`
type Removed = ChannelOutput<'media:removed'>

/** A library with a clip and a still, and two people who act on it by name. */
async function teamLibrary(open: () => Promise<Library>) {
  const lib = await open()
  const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
  const [clip, still] = items.map((item) => item.asset!.id) as [string, string]
  const people = {
    Eddie: (await addPerson(lib, { name: 'Eddie', role: 'editor' }, null)).person,
    Ada: (await addPerson(lib, { name: 'Ada', role: 'admin' }, null)).person,
  }
  /** Calls a channel as one of the people, as the hub does for a signed-in caller; throws its error. */
  const as = async <T>(name: keyof typeof people, channel: string, input: unknown): Promise<T> => {
    const { id, role } = people[name]
    const answer = await dispatch(lib, channel, input, { role, person: { id, name } })
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`)
    return answer.data as T
  }
  const hashes = { clip: sha256Of(fixtures.mp4), still: sha256Of(fixtures.png) }
  /** What the library says was removed from the clip's and the still's contents. */
  const removed = () => as<Removed>('Ada', 'media:removed', { hashes: [hashes.clip, hashes.still, OTHER] })
  return { lib, clip, still, hashes, as, removed }
}

/** An ISO time from `since` on (to now), as a removal's `at` must be. */
const timeSince = (since: string) =>
  expect.toSatisfy((at: string) => new Date(at).toISOString() === at && at >= since && at <= new Date().toISOString())

// Issue 64 point 2: the hub remembers what was deleted or removed there, by whom and when, so a push from someone's
// library never undoes it; a removal undone here is forgotten.
describe.each(Object.entries(libraries))('removals, on %s', (_engine, open) => {
  it('media:removed answers nothing removed in a new library, and takes only content hashes', async () => {
    const lib = await open()
    const none = { assets: [], tags: [], members: [], collections: [] }
    expect(await dispatch(lib, 'media:removed', { hashes: [OTHER] })).toEqual({ ok: true, data: none })
    for (const hashes of [['abc'], []]) {
      const answer = await dispatch(lib, 'media:removed', { hashes })
      expect(answer.ok || answer.error.code).toBe('validation')
    }
  })

  it('a delete names the content, who and when; the trash’s Undo still works and forgets it', async () => {
    const { clip, still, hashes, as, removed } = await teamLibrary(open)
    const before = new Date().toISOString()
    const { batchId } = await as<DeleteResult>('Eddie', 'media:delete', { ids: [still] })
    const { assets } = await removed()
    expect(assets).toEqual([{ hash: hashes.still, by: 'Eddie', at: timeSince(before) }])
    // Only the contents asked about are answered.
    expect((await as<Removed>('Ada', 'media:removed', { hashes: [hashes.clip] })).assets).toEqual([])

    const undone = await as<UndoResult>('Ada', 'trash:undo', { batchId })
    expect(undone.restored).toEqual([still])
    expect(await removed()).toEqual({ assets: [], tags: [], members: [], collections: [] })
    // Deleted again by someone else: the newest removal is the one kept.
    await as<DeleteResult>('Eddie', 'media:delete', { ids: [clip] })
    const again = new Date().toISOString()
    await as<DeleteResult>('Ada', 'media:delete', { ids: [still] })
    expect((await removed()).assets).toEqual(
      [
        { hash: hashes.clip, by: 'Eddie', at: timeSince(before) },
        { hash: hashes.still, by: 'Ada', at: timeSince(again) },
      ].sort((a, b) => a.hash.localeCompare(b.hash)),
    )
  })

  it('emptying the trash keeps the deletion; the same content imported again by a person forgets it', async () => {
    const { lib, still, hashes, as, removed } = await teamLibrary(open)
    const { batchId } = await as<DeleteResult>('Eddie', 'media:delete', { ids: [still] })
    await as('Ada', 'trash:empty', { batchId })
    expect((await removed()).assets).toEqual([{ hash: hashes.still, by: 'Eddie', at: expect.any(String) }])

    const { items } = await importAndWait(lib, [fixtures.png])
    expect(items[0]!.outcome).toBe('imported')
    expect((await removed()).assets).toEqual([])
  })

  it('a tag taken off is remembered per content until that tag is put back on it', async () => {
    const { clip, still, hashes, as, removed } = await teamLibrary(open)
    await as('Ada', 'media:tag', { ids: [clip, still], tags: ['Keeper', 'draft'] })
    const before = new Date().toISOString()
    // Taking off a tag an asset does not have, or one nobody has, removes nothing.
    await as('Eddie', 'media:untag', { ids: [clip, still], tags: ['keeper', 'nowhere'] })
    await as('Eddie', 'media:untag', { ids: [clip], tags: ['draft'] })
    await as('Eddie', 'media:untag', { ids: [clip], tags: ['draft'] })
    const tags = (await removed()).tags
    expect(tags).toHaveLength(3)
    expect(tags).toEqual(
      expect.arrayContaining([
        { hash: hashes.clip, tag: 'Keeper', by: 'Eddie', at: timeSince(before) },
        { hash: hashes.still, tag: 'Keeper', by: 'Eddie', at: timeSince(before) },
        { hash: hashes.clip, tag: 'draft', by: 'Eddie', at: timeSince(before) },
      ]),
    )

    // Put back in another case, on one of the two: only that content's removal goes.
    await as('Ada', 'media:tag', { ids: [still], tags: ['KEEPER'] })
    expect(
      (await removed()).tags.map(({ hash, tag }) => [hash === hashes.clip ? 'clip' : 'still', tag]).sort(),
    ).toEqual([
      ['clip', 'Keeper'],
      ['clip', 'draft'],
    ])
  })

  it('an asset taken out of a collection is remembered by the collection’s name until it is put back', async () => {
    const { clip, still, hashes, as, removed } = await teamLibrary(open)
    const { collection } = await as<{ collection: { id: number } }>('Ada', 'collections:create', { name: 'Reel' })
    await as('Ada', 'collections:add', { collectionId: collection.id, ids: [clip, still] })
    const before = new Date().toISOString()
    await as('Eddie', 'collections:remove', { collectionId: collection.id, ids: [clip] })
    // Taking out one that is not in it records nothing.
    await as('Eddie', 'collections:remove', { collectionId: collection.id, ids: [clip] })
    expect((await removed()).members).toEqual([
      { hash: hashes.clip, collection: 'Reel', by: 'Eddie', at: timeSince(before) },
    ])

    await as('Ada', 'collections:add', { collectionId: collection.id, ids: [clip] })
    expect((await removed()).members).toEqual([])
  })

  it('a deleted collection is remembered by name, whatever contents are asked about, until one is made again', async () => {
    const { still, as } = await teamLibrary(open)
    const make = async (name: string) =>
      (await as<{ collection: { id: number } }>('Ada', 'collections:create', { name })).collection.id
    const [reel, picks] = [await make('Reel'), await make('Picks')]
    await as('Ada', 'collections:add', { collectionId: reel, ids: [still] })
    const before = new Date().toISOString()
    await as('Eddie', 'collections:delete', { id: reel })
    await as('Ada', 'collections:delete', { id: picks })
    const { collections, members } = await as<Removed>('Ada', 'media:removed', { hashes: [OTHER] })
    expect(collections).toEqual([
      { name: 'Picks', by: 'Ada', at: timeSince(before) },
      { name: 'Reel', by: 'Eddie', at: timeSince(before) },
    ])
    // The collection's removal covers its members: none is recorded one by one.
    expect(members).toEqual([])

    // Made again in another case, or a collection renamed to the name: that removal goes.
    await make('reel')
    const other = await make('Other')
    await as('Ada', 'collections:rename', { id: other, name: 'PICKS' })
    expect((await as<Removed>('Ada', 'media:removed', { hashes: [OTHER] })).collections).toEqual([])
  })

  it('a delete whose file cannot be moved puts the asset back and keeps no removal of it', async () => {
    const { lib, clip, still, hashes, removed } = await teamLibrary(open)
    const copy = async () => {
      throw new Error('No space left on device')
    }
    const full = Object.create(lib, { store: { value: Object.create(lib.store, { copy: { value: copy } }) } })
    const result = await deleteAssets(full as Library, [clip, still])
    expect(result.failed.map((one) => one.id).sort()).toEqual([clip, still].sort())
    expect(await removed()).toEqual({ assets: [], tags: [], members: [], collections: [] })
    expect((await lib.catalog.repos.removals.contentsOf([clip, still])).sort()).toEqual(
      [hashes.clip, hashes.still].sort(),
    )
  })

  it('an Undo of a delete after a tag was taken off brings the asset back, and the tag’s removal stays', async () => {
    const { still, hashes, as, removed } = await teamLibrary(open)
    await as('Ada', 'media:tag', { ids: [still], tags: ['sky'] })
    await as('Eddie', 'media:untag', { ids: [still], tags: ['sky'] })
    const { batchId } = await as<DeleteResult>('Eddie', 'media:delete', { ids: [still] })
    expect((await removed()).assets.map((one) => one.hash)).toEqual([hashes.still])

    const undone = await as<UndoResult>('Ada', 'trash:undo', { batchId })
    expect(undone).toMatchObject({ restored: [still], kept: [], state: 'restored' })
    const after = await removed()
    expect(after.assets).toEqual([])
    expect(after.tags).toEqual([{ hash: hashes.still, tag: 'sky', by: 'Eddie', at: expect.any(String) }])
  })
})
