import { DURATION_BUCKETS, NO_DURATION } from '../../../shared/contract'
import type { SqlEngine } from '../sql/sql-engine'
import { FLAG_COUNTS } from './health'

/** Assets alike in media type, source type, codec and stored resolution ("1920x1080"). */
export interface StatsGroup {
  mediaType: string
  sourceType: string
  codec: string | null
  resolution: string | null
  count: number
  bytes: number
}

/** Assets and bytes in one bucket (a duration bucket's key, or a UTC day YYYY-MM-DD). */
export interface KeyedSum {
  key: string
  count: number
  bytes: number
}

/** The health flags as stored (a library's migration 0080's columns, a hub's 0030's). */
export interface AssetHealthCounts {
  missing: number
  changed: number
  unverified: number
}

// PostgreSQL sums a bigint column as numeric: cast back, so both engines give numbers.
const SUMS = 'count(*) AS count, CAST(coalesce(sum(size_bytes), 0) AS bigint) AS bytes'
// An asset another tool wrote has no import time; it counts on the day its row was made. Text timestamps on both
// engines, so the first ten characters are the UTC day.
const IMPORT_DAY = 'substr(coalesce(imported_at, created_at), 1, 10)'

// One range of the videos_duration_bytes index per bucket; bounds and keys are constants, never input.
const DURATIONS = (() => {
  let lower: number | null = null
  const parts = [`SELECT '${NO_DURATION.key}' AS key, ${SUMS} FROM videos WHERE duration_seconds IS NULL`]
  for (const bucket of DURATION_BUCKETS) {
    const from = lower === null ? 'duration_seconds IS NOT NULL' : `duration_seconds >= ${lower}`
    const below = bucket.below === null ? '' : ` AND duration_seconds < ${bucket.below}`
    parts.push(`SELECT '${bucket.key}', ${SUMS} FROM videos WHERE ${from}${below}`)
    lower = bucket.below
  }
  return parts.join(' UNION ALL ')
})()

/**
 * The statements, each answered from a covering or partial index (a library's migration 0090, a hub's 0140), never
 * from the wide `videos` rows: one GROUP BY in index order, one range per duration bucket, imports per day in index
 * order (the expression is videos_import_day's own), health from two partial indexes. Exported for the test of a
 * library's query plans; `days` takes the first day and the day after the last.
 */
export const STATS_STATEMENTS = {
  groups: `SELECT media_type AS "mediaType", source_type AS "sourceType", codec, resolution, ${SUMS}
    FROM videos GROUP BY 1, 2, 3, 4`,
  durations: DURATIONS,
  days: `SELECT ${IMPORT_DAY} AS key, ${SUMS} FROM videos
    WHERE ${IMPORT_DAY} >= ? AND ${IMPORT_DAY} < ? GROUP BY ${IMPORT_DAY}`,
  flagged: FLAG_COUNTS,
  unverified: 'SELECT count(*) AS count FROM videos WHERE verified_at IS NULL',
} as const

/** The catalogue's figures for the stats page, on either engine. Rows come in no particular order. */
export function createStatsRepo(sql: SqlEngine) {
  return {
    /** Counts and bytes per (media type, source type, codec, resolution). */
    groups: (): Promise<StatsGroup[]> => sql.all(STATS_STATEMENTS.groups),
    /** Counts and bytes per duration bucket (every bucket, "none" for no duration). */
    durations: (): Promise<KeyedSum[]> => sql.all(STATS_STATEMENTS.durations),
    /** Assets and bytes per import day from `from` up to (not including) `to`, both YYYY-MM-DD; empty days are absent. */
    importDays: (from: string, to: string): Promise<KeyedSum[]> => sql.all(STATS_STATEMENTS.days, [from, to]),
    /** Assets flagged missing or changed, and those no verify has found whole yet. */
    async health(): Promise<AssetHealthCounts> {
      const flagged = await sql.all<{ health: 'missing' | 'changed'; count: number }>(STATS_STATEMENTS.flagged)
      const unverified = await sql.get<{ count: number }>(STATS_STATEMENTS.unverified)
      const counts = { missing: 0, changed: 0, unverified: unverified!.count }
      for (const row of flagged) counts[row.health] = row.count
      return counts
    },
  }
}
export type StatsRepo = ReturnType<typeof createStatsRepo>
