import type { SqlEngine } from '../sql/sql-engine'

// The statistics are read again after this long (ANALYZE, manual or automatic, renews them now and then).
const KEPT_MS = 5 * 60_000

/**
 * How common a search word is among a hub's assets, from what ANALYZE noted of `asset_search.document`: the share
 * of assets holding each of its most common words (up to a thousand). A prefix's share is the sum of its words'
 * (an estimate: an asset holding two of them counts twice); a word the statistics do not name has share 0, as do
 * all words before the first ANALYZE. Read once per KEPT_MS, from any connection.
 */
export function createWordShares(now: () => number = Date.now) {
  let read: { at: number; words: Array<[word: string, share: number]> } | null = null
  const wordsOf = async (sql: SqlEngine) => {
    if (read === null || now() - read.at > KEPT_MS) {
      const rows = await sql.all<{ word: string; share: number }>(
        `SELECT e.word, e.share FROM pg_stats s,
           unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(word, share)
         WHERE s.schemaname = current_schema() AND s.tablename = 'asset_search' AND s.attname = 'document'
           AND e.word IS NOT NULL`,
      )
      read = { at: now(), words: rows.map((row) => [row.word, row.share]) }
    }
    return read.words
  }
  return {
    /** The least share of assets holding a word that starts with each of `prefixes` (fv_search_words folds them). */
    async leastShare(sql: SqlEngine, prefixes: readonly string[]): Promise<number> {
      const words = await wordsOf(sql)
      let least = 1
      for (const prefix of prefixes) {
        let share = 0
        for (const [word, of] of words) if (word.startsWith(prefix)) share += of
        least = Math.min(least, share)
      }
      return least
    },
  }
}
export type WordShares = ReturnType<typeof createWordShares>
