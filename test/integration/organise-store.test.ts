import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import type { MediaAsset } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { libraryOnScreen, storeOver } from '../helpers/app-store'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

/** A library of three copied assets and a store showing them, with the first two selected. */
async function threeAssets(hash?: string) {
  const lib = testLibrary()
  await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.jpg])
  const { client, store, cache, stop } = storeOver(lib, hash)
  const screen = libraryOnScreen({ client, store, cache })
  await vi.waitFor(() => expect(screen.media()).toHaveLength(3))
  const [first, second] = screen.media()
  store.getState().selectAsset(first.id, 'only')
  store.getState().selectAsset(second.id, 'toggle')
  // The grid's list items leave the file out: the detail has it.
  const fileOf = async (id: string) =>
    path.resolve(lib.dir, (await call<MediaAsset>(lib, 'media:get', { id })).filePath)
  const files = [await fileOf(first.id), await fileOf(second.id)]
  return { lib, client, store, screen, stop, ids: [first.id, second.id], files }
}

describe('organise slice over the real backend: deleting and undo', () => {
  it('drops deleted assets from the grid and the selection at once; Undo brings rows and files back', async () => {
    const { store, screen, stop, ids, files } = await threeAssets()
    // Not following events: the grid must change from the answer itself, not from the reload that
    // library:changed brings (in process it arrives before the answer; over the web host, later).
    stop()
    expect(await store.getState().deleteAssets(ids)).toBeUndefined()
    expect(screen.media().map((a) => a.id)).not.toContain(ids[0])
    expect(screen.media()).toHaveLength(1)
    expect(store.getState().selection).toEqual([])
    expect(store.getState().lastDelete).toMatchObject({ undo: 'none', result: { deleted: 2, copied: { count: 2 } } })
    for (const file of files) expect(existsSync(file)).toBe(false)
    await vi.waitFor(() => expect(screen.trash()?.batches).toHaveLength(1))

    await store.getState().undoLastDelete()
    expect(store.getState().lastDelete).toMatchObject({
      undo: 'done',
      undone: { restored: expect.arrayContaining(ids) },
    })
    for (const file of files) expect(existsSync(file)).toBe(true)
    await vi.waitFor(() => expect(screen.media()).toHaveLength(3))
    await vi.waitFor(() => expect(screen.trash()?.batches).toEqual([]))
    screen.stop()
  })

  it('takes the undo bar away once another window empties the trash that held its delete', async () => {
    const { lib, store, screen, stop, ids } = await threeAssets()
    await store.getState().deleteAssets([ids[0]])
    const batchId = store.getState().lastDelete!.result.batchId
    await vi.waitFor(() => expect(screen.trash()?.batches.map((b) => b.id)).toEqual([batchId]))
    await call(lib, 'trash:empty', {})
    await vi.waitFor(() => expect(store.getState().lastDelete).toBeUndefined())
    expect(screen.trash()?.batches).toEqual([])
    screen.stop()
    stop()
  })

  it('keeps the bar and shows the error when an undo is refused, so it can be tried again', async () => {
    const { client, store, screen, stop, ids } = await threeAssets()
    await store.getState().deleteAssets(ids)
    vi.spyOn(client, 'trash:undo').mockRejectedValueOnce(new AppError('conflict', 'Delete is being emptied.'))
    await store.getState().undoLastDelete()
    expect(store.getState().lastDelete).toMatchObject({ undo: 'none', error: { code: 'conflict' } })
    await store.getState().undoLastDelete()
    expect(store.getState().lastDelete).toMatchObject({ undo: 'done', error: undefined })
    screen.stop()
    stop()
  })

  it('undoes a batch from the Settings list and reports what came back', async () => {
    const { store, screen, stop, ids } = await threeAssets('#/settings')
    await store.getState().deleteAssets(ids)
    await vi.waitFor(() => expect(screen.trash()?.batches).toHaveLength(1))
    const undone = await store.getState().undoTrashBatch(screen.trash()!.batches[0].id)
    expect(undone).toMatchObject({ restored: expect.arrayContaining(ids), files: 2 })
    // The undo bar of that same delete now says it is back instead of offering Undo again.
    expect(store.getState().lastDelete?.undo).toBe('done')
    await vi.waitFor(() => expect(screen.trash()?.batches).toEqual([]))
    screen.stop()
    stop()
  })
})

describe('organise slice over the real backend: collections', () => {
  it('creates, fills, filters by, removes from and deletes a collection', async () => {
    const { store, screen, stop, ids } = await threeAssets()
    const trip = await store.getState().createCollection('Trip')
    if ('code' in trip) throw new Error(trip.message)
    expect(await store.getState().createCollection('trip')).toMatchObject({ code: 'conflict' })
    expect(await store.getState().addSelectionTo(trip.id)).toBe(2)
    await vi.waitFor(() => expect(screen.collections()).toMatchObject([{ name: 'Trip', count: 2 }]))
    await vi.waitFor(() => expect(screen.facets()?.collections).toEqual([{ value: trip.id, count: 2 }]))

    store.getState().setBrowse({ filter: { collection: trip.id } })
    await vi.waitFor(() =>
      expect(
        screen
          .media()
          .map((a) => a.id)
          .sort(),
      ).toEqual([...ids].sort()),
    )
    store.getState().selectAsset(ids[0], 'only')
    expect(await store.getState().removeSelectionFrom(trip.id)).toBe(1)
    expect(screen.media().map((a) => a.id)).toEqual([ids[1]])

    expect(await store.getState().renameCollection(trip.id, 'Holiday', trip.version)).toBeUndefined()
    expect(screen.collections()).toMatchObject([{ id: trip.id, name: 'Holiday', version: 1 }])
    // A rename from the version before it (another window's) is refused with the name it missed; nothing changes.
    expect(await store.getState().renameCollection(trip.id, 'Trip', trip.version)).toMatchObject({
      code: 'conflict',
      details: { value: 'Holiday', version: 1 },
    })
    expect(screen.collections()).toMatchObject([{ id: trip.id, name: 'Holiday' }])
    // Deleting the collection the view is filtered by returns to the whole library; the assets stay.
    expect(await store.getState().deleteCollection(trip.id)).toBeUndefined()
    expect(store.getState().browse.filter.collection).toBeUndefined()
    await vi.waitFor(() => expect(screen.media()).toHaveLength(3))
    expect(screen.collections()).toEqual([])
    screen.stop()
    stop()
  })

  it("follows another window's collections", async () => {
    const { lib, screen, stop } = await threeAssets()
    await call(lib, 'collections:create', { name: 'Elsewhere' })
    await vi.waitFor(() => expect(screen.collections()).toMatchObject([{ name: 'Elsewhere', count: 0 }]))
    screen.stop()
    stop()
  })
})
