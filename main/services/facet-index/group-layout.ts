import { setImmediate as nextTurn } from 'node:timers/promises'
import { RANGED, type FacetColumns } from './facet-columns'

/**
 * The range columns copied in group order: each group's assets side by side. A count then walks only the
 * groups its filters leave, each in one sequential run with the group's state known, instead of testing a
 * million assets in rowid order, whose groups come mixed (at a million: 4 ms for the bench's filtered counts,
 * not 24). Assets set or cleared after the layout was made are loose: their positions are out of date, and
 * a count takes them one by one from the columns by rowid, until so many are loose that the layout is made again.
 */
export interface GroupLayout {
  /** Group g's assets are at positions start[g] … start[g + 1] - 1 (a group made since has none). */
  start: Uint32Array
  /** The asset (rowid) at each position. */
  rowAt: Uint32Array
  /** Per RANGED column (in that order), the values in position order. */
  ranged: Float64Array[]
  /** Least and greatest value per group and RANGED column (at g * RANGED.length + c), NULLs left out. */
  least: Float64Array
  greatest: Float64Array
  /** The loose assets, each once, and which rowids they are. */
  loose: number[]
  isLoose: Uint8Array
  /** Per group, how many of its positions hold a loose asset. */
  looseIn: Uint32Array
}

// Values copied between two turns of the event loop while a layout is made in steps (under 10 ms here).
const SLICE = 262_144
// Past this share of the capacity loose, the layout is made again: loose assets cost a random read each.
const LOOSE_SHARE = 1 / 32

/** The columns' layout, made (again) first when there is none or too many assets are loose. */
export function currentLayout(cols: FacetColumns): GroupLayout {
  const { layout } = cols
  if (layout !== null && layout.loose.length <= Math.max(1024, cols.capacity * LOOSE_SHARE)) return layout
  return (cols.layout = finish(arrange(cols, null, Infinity)))
}

/** Makes the columns' layout, yielding after every `slice` values copied. */
export function* layoutSteps(cols: FacetColumns, slice = SLICE): Generator<void, GroupLayout> {
  return (cols.layout = yield* arrange(cols, null, slice))
}

/** Makes the columns' layout a slice per turn of the event loop (at a million assets: 80–140 ms in all). */
export async function layoutInTurns(cols: FacetColumns): Promise<void> {
  const steps = layoutSteps(cols)
  while (!steps.next().done) await nextTurn()
}

/** The loose assets still present, in a layout of their own (none of them loose there). */
export function looseLayout(cols: FacetColumns, layout: GroupLayout): GroupLayout {
  return layoutOf(cols, layout.loose)
}

/** A layout of these assets alone, as the columns hold them now (those no longer present left out). */
export function layoutOf(cols: FacetColumns, rowids: readonly number[]): GroupLayout {
  return finish(arrange(cols, rowids, Infinity))
}

function finish(steps: Generator<void, GroupLayout>): GroupLayout {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** A layout of the assets `rowids` (every rowid when null), yielding after every `slice` values copied. */
function* arrange(cols: FacetColumns, rowids: readonly number[] | null, slice: number): Generator<void, GroupLayout> {
  const groups = cols.groupCodes.mediaType.length
  const { group } = cols
  const count = rowids === null ? cols.capacity : rowids.length
  const start = new Uint32Array(groups + 1)
  for (let i = 0; i < count; i++) start[group[rowids === null ? i : rowids[i]!]! + 1]++
  start[1] = 0 // group 0: rowids without an asset, given no positions
  for (let g = 1; g < groups; g++) start[g + 1]! += start[g]!
  const next = start.slice(0, groups)
  const rowAt = new Uint32Array(start[groups]!)
  for (let i = 0; i < count; i++) {
    const r = rowids === null ? i : rowids[i]!
    if (group[r] !== 0) rowAt[next[group[r]!]!++] = r
  }
  yield
  const least = new Float64Array(groups * RANGED.length).fill(Infinity)
  const greatest = new Float64Array(groups * RANGED.length).fill(-Infinity)
  const ranged: Float64Array[] = []
  for (const [c, name] of RANGED.entries()) {
    const from = cols.ranged[name]
    const values = new Float64Array(rowAt.length)
    let copied = 0
    for (let g = 1; g < groups; g++) {
      let low = Infinity
      let high = -Infinity
      for (let p = start[g]!; p < start[g + 1]!; p++) {
        const value = from[rowAt[p]!]!
        values[p] = value
        if (value < low) low = value
        if (value > high) high = value
      }
      least[g * RANGED.length + c] = low
      greatest[g * RANGED.length + c] = high
      copied += start[g + 1]! - start[g]!
      if (copied >= slice) {
        copied = 0
        yield
      }
    }
    ranged.push(values)
  }
  return {
    start,
    rowAt,
    ranged,
    least,
    greatest,
    loose: [],
    isLoose: new Uint8Array(rowids === null ? cols.capacity : 0),
    looseIn: new Uint32Array(groups),
  }
}
