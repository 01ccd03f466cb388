import type { CheckpointComparison } from '../../../../shared/contract'

type Row = CheckpointComparison['rows'][number]

/** The groups of a comparison's rows, in the order the table shows them, with their headings. */
export const ROW_GROUPS = [
  { prefix: 'config.', title: 'Effective config' },
  { prefix: 'stats.', title: 'Stats' },
  { prefix: 'key.', title: 'Each stage’s cache key' },
] as const

/** The rows of one group, named without the group's prefix ("match.terms"). */
export function rowsOf(rows: readonly Row[], prefix: string): { name: string; row: Row }[] {
  return rows.filter((row) => row.path.startsWith(prefix)).map((row) => ({ name: row.path.slice(prefix.length), row }))
}

/** A compared value as the table prints it: lists joined, a missing value as a dash, a long key shortened. */
export function valueText(value: unknown): { text: string; full: string } {
  if (value === null || value === undefined) return { text: '—', full: 'not set' }
  const full = Array.isArray(value)
    ? value.map(String).join(', ')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value)
  const key = /^([a-z0-9]+:)([0-9a-f]{12})[0-9a-f]{20,}$/.exec(full)
  return { text: key ? `${key[1]}${key[2]}…` : full, full }
}

/** Per value, whether it differs from the first column's (the one each is read against). */
export function unlikeFirst(values: readonly unknown[]): boolean[] {
  const first = JSON.stringify(values[0] ?? null)
  return values.map((value, index) => index > 0 && JSON.stringify(value ?? null) !== first)
}
