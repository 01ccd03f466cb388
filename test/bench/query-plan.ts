// Reading EXPLAIN QUERY PLAN output: which steps read the `videos` table whole.

/** The plan steps of one statement, sorted by what they read of `videos`. */
export interface PlanReading {
  /** Steps that read every row of `videos` itself ("SCAN v", "SCAN videos"): the bench fails these. */
  tableScans: string[]
  /**
   * Steps that read a whole index of `videos` and nothing else ("SCAN v USING COVERING INDEX
   * videos_facets"). Counting facets for every asset must visit every asset once; a narrow
   * covering index is the cheapest such read and never touches the wide rows, so it is allowed
   * and shown, and its time is judged by the target instead.
   */
  indexScans: string[]
  /**
   * Steps that walk a whole index of `videos` and may read rows ("SCAN v USING INDEX x" in a
   * statement without LIMIT). Shown, not failed: SQLite (3.53 here) never reports an index on
   * generated columns or expressions as covering, even when every value read comes from it, so
   * the facet groups' walk of videos_facets reads like this whatever it costs.
   */
  indexWalks: string[]
}

// Words that may follow a table name in FROM where an alias would stand.
const NOT_ALIASES = new Set(['WHERE', 'INDEXED', 'NOT', 'JOIN', 'CROSS', 'INNER', 'LEFT', 'ON', 'GROUP', 'ORDER'])

/** The names `videos` goes by in `sql`: itself and each alias it is given. */
export function videosNames(sql: string): Set<string> {
  const names = new Set(['videos'])
  for (const match of sql.matchAll(/\bvideos\s+(?:AS\s+)?([A-Za-z_]\w*)/gi)) {
    if (!NOT_ALIASES.has(match[1]!.toUpperCase())) names.add(match[1]!)
  }
  return names
}

/**
 * Sorts the plan steps of `sql` that scan `videos`. "SCAN v USING INDEX videos_sort_x" in a
 * statement with a LIMIT walks an index in the page's order and stops at the LIMIT, as a keyset
 * page should: in no list.
 */
export function readPlan(sql: string, plan: readonly string[]): PlanReading {
  const names = videosNames(sql)
  const reading: PlanReading = { tableScans: [], indexScans: [], indexWalks: [] }
  const limited = /\bLIMIT\b/i.test(sql)
  for (const step of plan) {
    const match = /^SCAN (\S+)(?: (.*))?$/.exec(step.trim())
    if (!match || !names.has(match[1]!)) continue
    const how = match[2] ?? ''
    if (/^USING COVERING INDEX /.test(how)) reading.indexScans.push(step)
    else if (!/^USING INDEX /.test(how)) reading.tableScans.push(step)
    else if (!limited) reading.indexWalks.push(step)
  }
  return reading
}
