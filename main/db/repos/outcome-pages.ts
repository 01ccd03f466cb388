// Keyset pages of a job's per-item outcomes listed by outcome rank (what went wrong first), then in
// item order: import_items and batch_items. A page is read one row long to tell whether another follows.

/** The cursor of an outcome page: the last item's outcome and seq. */
export interface OutcomeCursor<O extends string> {
  outcome: O
  seq: number
}

/** What an outcome page statement binds: the job, one outcome or all (null), where the page starts, and its length. */
export interface OutcomePageParams<O extends string> {
  jobId: string
  outcome: O | null
  rank: number
  seq: number
  limit: number
}

/** An SQL expression giving `column`'s rank by `rank` (the last outcome listed is the ELSE). */
export function outcomeRankSql<O extends string>(rank: Record<O, number>, column: string): string {
  const ranked = (Object.entries(rank) as [O, number][]).sort((a, b) => a[1] - b[1])
  const cases = ranked.slice(0, -1).map(([outcome, at]) => `WHEN '${outcome}' THEN ${at}`)
  return `CASE ${column} ${cases.join(' ')} ELSE ${ranked.at(-1)![1]} END`
}

/** Where a page starts as the statement binds it: after this rank and seq (before everything when there is no cursor). */
export function pageStart<O extends string>(
  rank: Record<O, number>,
  after: OutcomeCursor<O> | null,
): { rank: number; seq: number } {
  return after ? { rank: rank[after.outcome], seq: after.seq } : { rank: -1, seq: -1 }
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
