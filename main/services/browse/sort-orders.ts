import { setImmediate as nextTurn } from 'node:timers/promises'
import type { MediaSortKey } from '../../../shared/contract'
import type { OrderKey, SortOrderRows } from '../../db/repos/sort-order-rows'
import { changesSince, settleNow, type ChangeLogNow } from '../facet-index/keep-current'

/** An order's rowids, where each rowid stands in them (plus 1; 0: not there), and the log entry they are current to. */
interface HeldOrder {
  rowids: Int32Array
  places: Int32Array
  upTo: number
}

// Rowids read per turn of the event loop (about 8 ms at a million assets).
const CHUNK = 32_768
// Past this many changed assets since an order was current, reading it again beats putting each one in place.
const PATCH_MOST = 2_000

/**
 * Sort orders held in memory for text walks (media-search.ts's windows): a window of a million assets' order by
 * name cost 0.9 ms from its index for each page of a common word, and is a slice of memory here. An order is read
 * in turns of the event loop when first asked for (its windows come from the index meanwhile), then kept current
 * through the change log: changed assets are taken out and put back where the sort index now has them. Each order
 * held costs 8 bytes an asset. `chunk` and `patchMost` (tests only) change CHUNK and PATCH_MOST.
 */
export function createSortOrders(
  rows: SortOrderRows,
  log: ChangeLogNow,
  { chunk = CHUNK, patchMost = PATCH_MOST }: { chunk?: number; patchMost?: number } = {},
) {
  const held = new Map<MediaSortKey, HeldOrder>()
  const reading = new Map<MediaSortKey, Promise<void>>()
  let reversed = new Int32Array(0)

  const readInTurns = async (by: MediaSortKey) => {
    // Changes during the read are after this entry: they are put in place when the order is first used.
    const upTo = log.lastSeq()
    let rowids: Int32Array = new Int32Array(chunk)
    let count = 0
    let after: OrderKey | null = null
    for (;;) {
      const before = count
      const last = rows.eachInChunk(by, after, chunk, (rowid) => {
        if (count === rowids.length) rowids = grown(rowids, count * 2)
        rowids[count++] = rowid
      })
      if (last === null || count - before < chunk) break
      after = last
      await nextTurn()
      if (!rows.isOpen()) return
    }
    held.set(by, { ...uniqueWithPlaces(rowids, count), upTo })
  }
  const read = (by: MediaSortKey): Promise<void> => {
    if (held.has(by)) return Promise.resolve()
    let pending = reading.get(by)
    if (!pending) {
      pending = readInTurns(by)
        .catch((error: unknown) => {
          if (rows.isOpen()) console.error(`The order by ${by} could not be read into memory:`, error)
        })
        .finally(() => reading.delete(by))
      reading.set(by, pending)
    }
    return pending
  }
  /** The order as the library holds it now (call inside a read transaction), null when it must be read again. */
  const current = (by: MediaSortKey): HeldOrder | null => {
    const order = held.get(by)
    if (!order) return null
    const { last, changed } = settleNow(changesSince(log, order.upTo, patchMost))
    if (last === order.upTo) return order
    if (changed === null) {
      held.delete(by)
      return null
    }
    const placed = moved(rows, by, order, changed)
    if (placed === null) {
      held.delete(by)
      return null
    }
    const patched = { ...placed, upTo: last }
    held.set(by, patched)
    return patched
  }
  return {
    /** Reads the order into memory in turns of the event loop, unless it is held already. */
    read,
    /**
     * The rowids of the next `size` assets of the order after `after` (from its start when null), as the sort
     * index gives them (windowSql), good until the next window; null when the order is not held (a read in turns
     * starts) or when `after` no longer stands where its cursor says (the caller reads the index then).
     */
    window(by: MediaSortKey, desc: boolean, after: OrderKey | null, size: number): Int32Array | null {
      const order = current(by)
      if (!order) {
        void read(by)
        return null
      }
      const { rowids, places } = order
      let start = desc ? rowids.length - 1 : 0
      if (after !== null) {
        const found = rows.rowOfId(by, after.id)
        const place = found && found.key === after.key ? (places[found.rowid] ?? 0) : 0
        if (place === 0) return null
        start = desc ? place - 2 : place
      }
      if (!desc) return rowids.subarray(start, start + size)
      const length = Math.max(0, Math.min(size, start + 1))
      if (reversed.length < length) reversed = new Int32Array(length)
      for (let i = 0; i < length; i++) reversed[i] = rowids[start - i]!
      return reversed.subarray(0, length)
    },
  }
}
export type SortOrders = ReturnType<typeof createSortOrders>

/**
 * The order with the changed assets taken out and those still in the library put back where the sort index has
 * them: each goes just after the asset before it there, which is either one left in place or a changed one put
 * back before it (they are put back in order). Null when the asset before one is neither (the order did not hold
 * what the library did): it must be read again. The runs between changes are copied whole and only the places
 * after the first change are written again: a rename at a million assets costs ~8 ms, most of it those places.
 */
function moved(
  rows: SortOrderRows,
  by: MediaSortKey,
  order: HeldOrder,
  changed: readonly number[],
): Pick<HeldOrder, 'rowids' | 'places'> | null {
  const { rowids: old, places } = order
  const placeOf = (rowid: number) => places[rowid] ?? 0
  const isChanged = new Set(changed)
  const back = rows.inOrder(by, changed)
  // After which place of the order each one goes (-1: at its start).
  const after = new Int32Array(back.length)
  for (let i = 0; i < back.length; i++) {
    const before = rows.rowBefore(by, back[i]!)
    if (before === undefined) after[i] = -1
    else if (!isChanged.has(before) && placeOf(before) > 0) after[i] = placeOf(before) - 1
    else if (i > 0 && before === back[i - 1]!.rowid) after[i] = after[i - 1]!
    else return null
  }
  const out = new Int32Array(old.length + back.length)
  let to = 0
  let from = 0
  const gone = changed.map((rowid) => placeOf(rowid) - 1).filter((place) => place >= 0)
  gone.sort((a, b) => a - b)
  let skipped = 0
  // Copies the order's places from `from` up to `end`, those of changed assets left out.
  const copyUpTo = (end: number) => {
    while (from < end) {
      const stop = skipped < gone.length && gone[skipped]! < end ? gone[skipped]! : end
      out.set(old.subarray(from, stop), to)
      to += stop - from
      from = stop
      if (stop < end) {
        from++
        skipped++
      }
    }
  }
  for (let next = 0; next < back.length;) {
    const anchor = after[next]!
    copyUpTo(anchor + 1)
    while (next < back.length && after[next] === anchor) out[to++] = back[next++]!.rowid
  }
  copyUpTo(old.length)
  const rowids = out.subarray(0, to)
  const highest = Math.max(places.length - 1, ...back.map((asset) => asset.rowid))
  const now = places.length > highest ? places : grown(places, highest + 1)
  for (const rowid of changed) if (rowid < now.length) now[rowid] = 0
  // Nothing before the first change moved.
  const firstMoved = Math.min(gone[0] ?? old.length, back.length > 0 ? after[0]! + 1 : old.length)
  for (let i = firstMoved; i < to; i++) now[rowids[i]!] = i + 1
  return { rowids, places: now }
}

/**
 * The first `count` rowids, each kept once (read during a change, an order may hold an asset twice; the change log
 * names it, and it is put in place at the order's first use), and where each stands, plus 1, by rowid.
 */
function uniqueWithPlaces(rowids: Int32Array, count: number): Pick<HeldOrder, 'rowids' | 'places'> {
  let highest = 0
  for (let i = 0; i < count; i++) highest = Math.max(highest, rowids[i]!)
  const places = new Int32Array(highest + 1)
  let kept = 0
  for (let i = 0; i < count; i++) {
    const rowid = rowids[i]!
    if (places[rowid] !== 0) continue
    rowids[kept++] = rowid
    places[rowid] = kept
  }
  return { rowids: rowids.slice(0, kept), places }
}

function grown(values: Int32Array, length: number): Int32Array {
  const bigger = new Int32Array(length)
  bigger.set(values)
  return bigger
}
