/**
 * Many-to-many memberships of assets (by rowid) in tags or collections. Kept per asset, so the
 * change log's assets are replaced one by one; read through a flat copy made on the first read
 * after a change, so a request walks two typed arrays instead of a map of a hundred thousand arrays.
 */
export interface Memberships {
  /** Each asset's groups; null after a snapshot load until the first change needs them per asset. */
  byRow: Map<number, number[]> | null
  /** The pairs flat; null after a change until the next read. One of the two is always there. */
  flat: Flat | null
}

/** Pair i: the asset `rows[i]` is in the group `ids[slots[i]]`. */
interface Flat {
  rows: Uint32Array
  slots: Uint32Array
  ids: number[]
}

/** No memberships yet. */
export function createMemberships(): Memberships {
  return { byRow: new Map(), flat: null }
}

/**
 * Memberships given as pairs (asset `rows[i]`, group `groupIds[i]`), kept flat as they come: building the map
 * per asset took 0.4 s for a million assets' snapshot, and a request reads the flat pairs anyway.
 */
export function membershipsFrom(rows: Uint32Array, groupIds: ArrayLike<number>): Memberships {
  const slots = new Uint32Array(rows.length)
  const slotOf = new Map<number, number>()
  const ids: number[] = []
  for (let i = 0; i < rows.length; i++) {
    const id = groupIds[i]!
    let slot = slotOf.get(id)
    if (slot === undefined) {
      slot = ids.push(id) - 1
      slotOf.set(id, slot)
    }
    slots[i] = slot
  }
  return { byRow: null, flat: { rows, slots, ids } }
}

/** The pairs as two arrays (asset rowids, group ids), as membershipsFrom takes them. */
export function membershipPairs(m: Memberships): { rows: Uint32Array; ids: Uint32Array } {
  const { rows, slots, ids } = flatten(m)
  return { rows, ids: Uint32Array.from(slots, (slot) => ids[slot]!) }
}

/** Each asset's groups, made from the flat pairs at the first change after a snapshot load. */
function perAsset(m: Memberships): Map<number, number[]> {
  if (m.byRow) return m.byRow
  const byRow = new Map<number, number[]>()
  const { rows, slots, ids } = m.flat!
  for (let i = 0; i < rows.length; i++) {
    const held = byRow.get(rows[i]!)
    if (held) held.push(ids[slots[i]!]!)
    else byRow.set(rows[i]!, [ids[slots[i]!]!])
  }
  m.byRow = byRow
  return byRow
}

/** Adds (asset rowid, group id) pairs. */
export function addMemberships(m: Memberships, pairs: ReadonlyArray<readonly [number, number]>): void {
  const byRow = perAsset(m)
  for (const [rowid, id] of pairs) {
    const ids = byRow.get(rowid)
    if (ids) ids.push(id)
    else byRow.set(rowid, [id])
  }
  if (pairs.length > 0) m.flat = null
}

/** Forgets every membership of one asset. */
export function dropMemberships(m: Memberships, rowid: number): void {
  if (perAsset(m).delete(rowid)) m.flat = null
}

/** The pairs as typed arrays, made again after a change. */
function flatten(m: Memberships): Flat {
  if (m.flat) return m.flat
  const byRow = perAsset(m)
  let pairs = 0
  for (const ids of byRow.values()) pairs += ids.length
  const rows = new Uint32Array(pairs)
  const groupIds = new Uint32Array(pairs)
  let i = 0
  for (const [rowid, groups] of byRow) {
    for (const id of groups) {
      rows[i] = rowid
      groupIds[i++] = id
    }
  }
  m.flat = membershipsFrom(rows, groupIds).flat
  return m.flat!
}

/** How many of the marked assets each group holds (groups holding none left out). */
export function countMarked(m: Memberships, marked: Uint8Array): Map<number, number> {
  const { rows, slots, ids } = flatten(m)
  const perSlot = new Float64Array(ids.length)
  for (let i = 0; i < rows.length; i++) if (marked[rows[i]!] === 1) perSlot[slots[i]!]++
  const counts = new Map<number, number>()
  perSlot.forEach((count, slot) => {
    if (count > 0) counts.set(ids[slot]!, count)
  })
  return counts
}

/** 1 for each asset in at least `least` of the groups `wanted`. */
export function markMembers(m: Memberships, wanted: ReadonlySet<number>, least: number, size: number): Uint8Array {
  const { rows, slots, ids } = flatten(m)
  const held = new Uint8Array(size)
  const isWanted = ids.map((id) => wanted.has(id))
  for (let i = 0; i < rows.length; i++) if (isWanted[slots[i]!]) held[rows[i]!]++
  for (let r = 0; r < size; r++) held[r] = held[r]! >= least ? 1 : 0
  return held
}

/** 1 for each of these assets, in an array of `size`. */
export function marksOf(rows: readonly number[], size: number): Uint8Array {
  const marks = new Uint8Array(size)
  for (const row of rows) marks[row] = 1
  return marks
}

/** The assets in any of the groups `wanted`, each once. */
export function membersOf(m: Memberships, wanted: ReadonlySet<number>): number[] {
  const { rows, slots, ids } = flatten(m)
  const isWanted = ids.map((id) => wanted.has(id))
  const members = new Set<number>()
  for (let i = 0; i < rows.length; i++) if (isWanted[slots[i]!]) members.add(rows[i]!)
  return [...members]
}
