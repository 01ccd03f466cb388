/**
 * Which asset each full-text rowid stands for, and back. The text index keys its rows by
 * videos_fts_keys' own integers (migration 0060: `videos` has a TEXT primary key), while the facet
 * index and the sort indexes know assets by `videos` rowid; these maps turn a text match into the
 * latter, and a window of the sort order into a range of the text index, without a lookup per row.
 * Entries of a deleted asset may stay: neither index returns its keys any more.
 */
export interface FtsRows {
  /** The videos rowid of each FTS rowid (0: none known). */
  videoRow: Int32Array
  /** The FTS rowid of each videos rowid (0: none known). */
  ftsRow: Int32Array
}

export function createFtsRows(): FtsRows {
  return { videoRow: new Int32Array(16), ftsRow: new Int32Array(16) }
}

/** Stores pairs given flat as [ftsRowid, videoRowid, ftsRowid, videoRowid, …]. */
export function setFtsRows(map: FtsRows, pairs: readonly number[]): void {
  let highestFts = 0
  let highestVideo = 0
  for (let i = 0; i < pairs.length; i += 2) {
    highestFts = Math.max(highestFts, pairs[i]!)
    highestVideo = Math.max(highestVideo, pairs[i + 1]!)
  }
  map.videoRow = withRoom(map.videoRow, highestFts)
  map.ftsRow = withRoom(map.ftsRow, highestVideo)
  for (let i = 0; i < pairs.length; i += 2) {
    map.videoRow[pairs[i]!] = pairs[i + 1]!
    map.ftsRow[pairs[i + 1]!] = pairs[i]!
  }
}

/** The least and greatest FTS rowid of these assets (by videos rowid); lo > hi when none is known. */
export function ftsSpan(map: FtsRows, rowids: ArrayLike<number>): { lo: number; hi: number } {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < rowids.length; i++) {
    const ftsRowid = map.ftsRow[rowids[i]!] ?? 0
    if (ftsRowid === 0) continue
    lo = Math.min(lo, ftsRowid)
    hi = Math.max(hi, ftsRowid)
  }
  return { lo, hi }
}

/**
 * Marks in `marks` (cleared first; its length bounds the rowids) the assets whose FTS rowids `each` visits,
 * and returns how many it marked; into `entries` (as long), each marked asset's entry as visited, plus 1 (0: none).
 * The caller keeps one `marks` for every query: a fresh megabyte per keystroke kept the collector busy.
 */
export function markMatches(
  map: FtsRows,
  marks: Uint8Array,
  each: (visit: (ftsRowid: number, entry?: number) => void) => void,
  entries?: Int32Array,
): number {
  marks.fill(0)
  const { videoRow } = map
  const capacity = marks.length
  let count = 0
  each((ftsRowid, entry) => {
    const rowid = videoRow[ftsRowid] ?? 0
    if (rowid > 0 && rowid < capacity && marks[rowid] === 0) {
      marks[rowid] = 1
      if (entries) entries[rowid] = entry === undefined ? 0 : entry + 1
      count++
    }
  })
  return count
}

/** `values`, or a copy grown by half again (or to fit) when `index` is past its end. */
function withRoom(values: Int32Array, index: number): Int32Array {
  if (index < values.length) return values
  const grown = new Int32Array(Math.max(index + 1, Math.ceil(values.length * 1.5)))
  grown.set(values)
  return grown
}
