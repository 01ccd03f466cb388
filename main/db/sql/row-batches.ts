// Multi-row statements of 256 rows at most (2,048 values at eight columns, under both engines' limits), the rest in
// halving sizes: a few statements for thousands of rows, and at most nine statement texts for an engine to prepare
// and keep (the SQLite engine keeps every text it prepared).
const ROWS_AT_ONCE = 256

/** `rows` in batches of 256, 128, … 1 rows, in order: each batch one multi-row statement (see valuesRows). */
export function* rowBatches<Row>(rows: readonly Row[]): Generator<readonly Row[]> {
  let at = 0
  for (let size = ROWS_AT_ONCE; size >= 1; size /= 2) {
    for (; rows.length - at >= size; at += size) yield rows.slice(at, at + size)
  }
}
