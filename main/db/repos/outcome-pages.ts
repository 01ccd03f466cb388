import type { SqlValue } from '../sql/sql-engine'

// Keyset pages of a job's per-item outcomes listed by outcome rank (what went wrong first), then in
// item order: import_items and batch_items. A page is read one row long to tell whether another follows.

/** The cursor of an outcome page: the last item's outcome and seq. */
export interface OutcomeCursor<O extends string> {
  outcome: O
  seq: number
}

/** Which page of a job's outcomes to read: one outcome or all, after a cursor (null: from the start), how many. */
export interface OutcomePageAsk<O extends string> {
  jobId: string
  outcome?: O
  after: OutcomeCursor<O> | null
  limit: number
}

/**
 * The rest of a page's statement after `WHERE <job column> = ?`: the outcome asked for, the keyset after the
 * cursor over (rank of `outcomeColumn` by `rank`, `seqColumn`), the order and a limit one row longer than the
 * page (to tell whether another follows); and its parameters, the job's first.
 */
export function outcomePage<O extends string>(
  rank: Record<O, number>,
  outcomeColumn: string,
  seqColumn: string,
  { jobId, outcome, after, limit }: OutcomePageAsk<O>,
): { sql: string; params: SqlValue[] } {
  const ranked = outcomeRankSql(rank, outcomeColumn)
  const start = after ? { rank: rank[after.outcome], seq: after.seq } : { rank: -1, seq: -1 }
  const only = outcome === undefined ? '' : `AND ${outcomeColumn} = ?`
  return {
    sql: `${only} AND (${ranked} > ? OR (${ranked} = ? AND ${seqColumn} > ?)) ORDER BY ${ranked}, ${seqColumn} LIMIT ?`,
    params: [jobId, ...(outcome === undefined ? [] : [outcome]), start.rank, start.rank, start.seq, limit + 1],
  }
}

/** An SQL expression giving `column`'s rank by `rank` (the last outcome listed is the ELSE). */
function outcomeRankSql<O extends string>(rank: Record<O, number>, column: string): string {
  const ranked = (Object.entries(rank) as [O, number][]).sort((a, b) => a[1] - b[1])
  const cases = ranked.slice(0, -1).map(([outcome, at]) => `WHEN '${outcome}' THEN ${at}`)
  return `CASE ${column} ${cases.join(' ')} ELSE ${ranked.at(-1)![1]} END`
}

/** The page of `limit` items out of rows read `limit + 1` long, and the cursor of the next page (null at the end). */
export function pageOf<Row, Item extends OutcomeCursor<string>>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; next: OutcomeCursor<Item['outcome']> | null } {
  const items = rows.slice(0, limit).map(toItem)
  const last = items.at(-1)
  return { items, next: rows.length > limit && last ? { outcome: last.outcome, seq: last.seq } : null }
}
