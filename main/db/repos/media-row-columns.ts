import type { VideoRow } from './media'

// The stored columns a page returns, named: `v.*` also computed every generated column of migration 0060 for each
// row (the JSON metadata parsed twice, width and height three times), which toAsset never reads; that was most of
// a 200-row page's SQL time. A column added to VideoRow fails to compile here until it is listed.
const ROW_COLUMN_SET: Record<keyof VideoRow, true> = {
  id: true,
  name: true,
  file_path: true,
  file_hash: true,
  size_bytes: true,
  duration_seconds: true,
  resolution: true,
  aspect_ratio: true,
  codec: true,
  fps: true,
  source_type: true,
  created_at: true,
  metadata: true,
  media_type: true,
  status: true,
  error: true,
  imported_by: true,
  original_path: true,
  imported_at: true,
  sampled_id: true,
  storage: true,
  rating: true,
  notes: true,
  health: true,
  verified_at: true,
  object_key: true,
}
const ROW_KEYS = Object.keys(ROW_COLUMN_SET) as Array<keyof VideoRow>
/** The stored columns of a page row, as a select list over `v`. */
export const ROW_COLUMNS = ROW_KEYS.map((column) => `v.${column}`).join(', ')

/**
 * A page row read as an array (better-sqlite3's `raw()`: ROW_COLUMNS, then what follows them) as a
 * VideoRow and the values after it. better-sqlite3's row objects (each property set through the V8 API)
 * doubled a 200-row page's read at 1M assets (1.6 ms, 0.8 ms as arrays); built here, 1.2 ms.
 */
export function fromRowValues(values: unknown[]): { row: VideoRow; rest: unknown[] } {
  const row: Record<string, unknown> = {}
  for (let i = 0; i < ROW_KEYS.length; i++) row[ROW_KEYS[i]!] = values[i]
  return { row: row as unknown as VideoRow, rest: values.slice(ROW_KEYS.length) }
}
