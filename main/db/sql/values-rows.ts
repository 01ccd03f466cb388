import type { SqlValue } from './sql-engine'

/** The VALUES of a multi-row INSERT, `(?, ?), (?, ?)`, and its parameters in order: SQL both engines read. */
export function valuesRows(rows: ReadonlyArray<readonly SqlValue[]>): { values: string; params: SqlValue[] } {
  return {
    values: rows.map((row) => `(${row.map(() => '?').join(', ')})`).join(', '),
    params: rows.flat(),
  }
}
