import type { VideoRow } from './media'

/**
 * A page row's stored columns from its values, read by place: the select list (ROW_COLUMNS) is this literal's keys in
 * order, so each value's index must follow them. Named columns because `v.*` also computed every generated column of
 * migration 0060 for each row (the JSON metadata parsed twice, width and height three times), which toAsset never
 * reads; that was most of a 200-row page's SQL time. One object literal per row: set key by key from a list of names,
 * 200 rows took 0.32 ms at 1M assets (0.01 ms so), and toAsset read them slower. A column added to VideoRow fails to
 * compile here until it is read.
 */
function rowOf(v: unknown[]): Record<keyof VideoRow, unknown> {
  return {
    id: v[0],
    name: v[1],
    file_path: v[2],
    file_hash: v[3],
    size_bytes: v[4],
    duration_seconds: v[5],
    resolution: v[6],
    aspect_ratio: v[7],
    codec: v[8],
    fps: v[9],
    source_type: v[10],
    created_at: v[11],
    metadata: v[12],
    media_type: v[13],
    status: v[14],
    error: v[15],
    imported_by: v[16],
    original_path: v[17],
    imported_at: v[18],
    sampled_id: v[19],
    storage: v[20],
    rating: v[21],
    notes: v[22],
    health: v[23],
    verified_at: v[24],
    object_key: v[25],
  }
}
// The stored columns of a page row in select-list order (rowOf's keys).
const ROW_KEYS = Object.keys(rowOf([])) as Array<keyof VideoRow>
/** The stored columns of a page row, as a select list over `v`. */
export const ROW_COLUMNS = ROW_KEYS.map((column) => `v.${column}`).join(', ')

/**
 * A page row read as an array (better-sqlite3's `raw()`: ROW_COLUMNS, then what follows them) as a
 * VideoRow and the values after it. better-sqlite3's row objects (each property set through the V8 API)
 * doubled a 200-row page's read at 1M assets (1.6 ms, 0.8 ms as arrays).
 */
export function fromRowValues(values: unknown[]): { row: VideoRow; rest: unknown[] } {
  return { row: rowOf(values) as VideoRow, rest: values.slice(ROW_KEYS.length) }
}
