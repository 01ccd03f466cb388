import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MediaSortKey } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { SORT_COLUMNS } from '../../main/db/browse-model/search-params'
import type { OrderKey } from '../../main/db/repos/sort-order-rows'
import { createSortOrders, type SortOrders } from '../../main/services/browse/sort-orders'
import { randomSequence } from '../bench/synthetic-assets'
import { seedAssets, syntheticAsset } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'

const COUNT = 300
const ORDERS: MediaSortKey[] = ['name', 'duration', 'size', 'resolution']
let lib: LocalLibrary
let ids: string[]

beforeEach(async () => {
  lib = openLibrary(suiteTempDir())
  ids = (await seedAssets(lib, COUNT)).map((asset) => asset.id)
})
afterEach(() => lib.close())

const ordersOf = (options: { chunk?: number; patchMost?: number } = {}) =>
  createSortOrders(lib.sqlite.repos.sortOrderRows, lib.sqlite.repos.facetRows, options)

/** The order's rowids and keys as its sort index gives them now. */
function sqlOrder(by: MediaSortKey): Array<{ rowid: number } & OrderKey> {
  const column = SORT_COLUMNS[by]
  return lib.sqlite.db
    .prepare<[], [number, string | number, string]>(
      `SELECT rowid, ${column}, id FROM videos INDEXED BY videos_${column} ORDER BY ${column}, id`,
    )
    .raw()
    .all()
    .map(([rowid, key, id]) => ({ rowid, key, id }))
}

/** Every window of `size` from the start and after every asset, both ways, equals the index's. */
function expectWindowsAsIndex(orders: SortOrders, by: MediaSortKey, size = 7): void {
  const order = sqlOrder(by)
  const window = (desc: boolean, after: OrderKey | null) =>
    lib.sqlite.db.transaction(() => orders.window(by, desc, after, size))()
  const rowids = order.map((row) => row.rowid)
  expect([...window(false, null)!]).toEqual(rowids.slice(0, size))
  expect([...window(true, null)!]).toEqual(rowids.toReversed().slice(0, size))
  order.forEach(({ key, id }, i) => {
    expect([...window(false, { key, id })!]).toEqual(rowids.slice(i + 1, i + 1 + size))
    expect([...window(true, { key, id })!]).toEqual(rowids.slice(Math.max(0, i - size), i).toReversed())
  })
}

describe('sort orders held in memory', () => {
  it('are not held until read, and a window asked for starts the read', async () => {
    const orders = ordersOf({ chunk: 16 })
    expect(orders.window('name', false, null, 10)).toBeNull()
    // The read the window started, in turns of 16 rows: it is done once the library's rows are read.
    for (let turn = 0; turn < COUNT / 16 + 2; turn++) await nextTurn()
    expect(orders.window('name', false, null, 10)).not.toBeNull()
    expectWindowsAsIndex(orders, 'name')
  })

  it('give the windows each sort index gives, from its start and after any asset, both ways', async () => {
    const orders = ordersOf({ chunk: 64 })
    for (const by of ORDERS) {
      await orders.read(by)
      expectWindowsAsIndex(orders, by)
    }
  })

  it('follow renames, new assets, deletions and new durations without being read again', async () => {
    const orders = ordersOf()
    for (const by of ORDERS) await orders.read(by)
    const read = vi.spyOn(lib.sqlite.repos.sortOrderRows, 'eachInChunk')
    for (const [i, id] of ids.entries()) {
      if (i % 13 === 0) await call(lib, 'media:rename', { id, name: `zz moved ${i}` })
      if (i % 17 === 0) await call(lib, 'media:rename', { id, name: `Aa moved ${i}` })
    }
    const random = randomSequence(99)
    await lib.catalog.transaction(async ({ media }) => {
      for (let i = COUNT; i < COUNT + 40; i++) await media.insert(syntheticAsset(i, random))
    })
    lib.sqlite.db.prepare('DELETE FROM videos WHERE rowid % 19 = 3').run()
    lib.sqlite.db.prepare('UPDATE videos SET duration_seconds = 61 WHERE rowid % 23 = 1').run()
    for (const by of ORDERS) expectWindowsAsIndex(orders, by)
    expect(read).not.toHaveBeenCalled()
  })

  it('read an order again when more assets changed than are put in place one by one', async () => {
    const orders = ordersOf({ patchMost: 10 })
    await orders.read('name')
    lib.sqlite.db.prepare(`UPDATE videos SET name = 'b ' || name WHERE rowid % 10 = 0`).run()
    // Thirty renamed: the order is dropped, its read starts again, and the index gives windows meanwhile.
    expect(lib.sqlite.db.transaction(() => orders.window('name', false, null, 5))()).toBeNull()
    await orders.read('name')
    expectWindowsAsIndex(orders, 'name')
  })

  it('hold what the library holds when it changes during a read', async () => {
    const orders = ordersOf({ chunk: 20 })
    const reading = orders.read('name')
    await nextTurn()
    // The first chunk is read: rename rows on both sides of where the read stands, delete the last read, add more.
    const read = sqlOrder('name')
    lib.sqlite.db.prepare('DELETE FROM videos WHERE rowid = ?').run(read[19]!.rowid)
    await call(lib, 'media:rename', { id: read[3]!.id, name: 'zzz last' })
    await call(lib, 'media:rename', { id: read[250]!.id, name: '000 first' })
    const random = randomSequence(7)
    await lib.catalog.transaction(({ media }) => media.insert(syntheticAsset(COUNT + 1, random)))
    await reading
    expectWindowsAsIndex(orders, 'name')
  })

  it('leave a cursor whose asset moved since to the sort index', async () => {
    const orders = ordersOf()
    await orders.read('name')
    const [first] = sqlOrder('name')
    await call(lib, 'media:rename', { id: first!.id, name: 'renamed since' })
    const window = lib.sqlite.db.transaction(() => orders.window('name', false, first!, 5))()
    expect(window).toBeNull()
    // Where the cursor's asset stands now, the window after it is the index's.
    expectWindowsAsIndex(orders, 'name')
  })
})
