import type { Database } from 'better-sqlite3'
import { DURATION_BUCKETS, NO_DURATION, RECENT_JOBS } from '../../../shared/contract'

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

/** Health counts as stored (migration 0080's columns; failed import outcomes). */
export interface HealthCounts {
  missing: number
  changed: number
  unverified: number
  failedImports: number
  failedImportsRecent: number
}

const SUMS = 'count(*) AS count, coalesce(sum(size_bytes), 0) AS bytes'
// An asset another tool wrote has no import time; it counts on the day its row was made.
const IMPORT_DAY = 'substr(coalesce(imported_at, created_at), 1, 10)'

// One range of the videos_duration_bytes index per bucket; bounds and keys are constants, never input.
const DURATION_SQL = (() => {
  let lower: number | null = null
  const parts = [
    `SELECT '${NO_DURATION.key}' AS key, ${SUMS} FROM videos INDEXED BY videos_duration_bytes
    WHERE duration_seconds IS NULL`,
  ]
  for (const bucket of DURATION_BUCKETS) {
    const from = lower === null ? 'duration_seconds IS NOT NULL' : `duration_seconds >= ${lower}`
    const below = bucket.below === null ? '' : ` AND duration_seconds < ${bucket.below}`
    parts.push(`SELECT '${bucket.key}', ${SUMS} FROM videos INDEXED BY videos_duration_bytes WHERE ${from}${below}`)
    lower = bucket.below
  }
  return parts.join(' UNION ALL ')
})()

/**
 * The library's figures from covering indexes (migration 0090), never from the wide `videos`
 * rows: one GROUP BY in index order, one range per duration bucket, imports per day in index order,
 * health from two partial indexes, and the failed import outcomes.
 */
export function createStatsRepo(db: Database) {
  const statements = {
    groups: db.prepare<[], StatsGroup>(
      `SELECT media_type AS mediaType, source_type AS sourceType, codec, resolution, ${SUMS}
       FROM videos INDEXED BY videos_stats GROUP BY 1, 2, 3, 4`,
    ),
    durations: db.prepare<[], KeyedSum>(DURATION_SQL),
    // The expression is videos_import_day's own, so the groups come in index order (no sort).
    days: db.prepare<{ from: string; to: string }, KeyedSum>(
      `SELECT ${IMPORT_DAY} AS key, ${SUMS} FROM videos INDEXED BY videos_import_day
       WHERE ${IMPORT_DAY} >= @from AND ${IMPORT_DAY} < @to GROUP BY ${IMPORT_DAY}`,
    ),
    flagged: db.prepare<[], { health: 'missing' | 'changed'; count: number }>(
      'SELECT health, count(*) AS count FROM videos INDEXED BY videos_health WHERE health IS NOT NULL GROUP BY health',
    ),
    unverified: db.prepare<[], { count: number }>(
      'SELECT count(*) AS count FROM videos INDEXED BY videos_unverified WHERE verified_at IS NULL',
    ),
    failed: db.prepare<[], { total: number; recent: number }>(
      `SELECT
         (SELECT count(*) FROM import_items WHERE outcome = 'failed') AS total,
         (SELECT count(*) FROM import_items WHERE outcome = 'failed' AND job_id IN (
            SELECT id FROM jobs WHERE kind = 'import' ORDER BY created_at DESC LIMIT ${RECENT_JOBS})) AS recent`,
    ),
  }

  return {
    /** Counts and bytes per (media type, source type, codec, resolution). */
    groups(): StatsGroup[] {
      return statements.groups.all()
    },
    /** Counts and bytes per duration bucket (every bucket, "none" for no duration). */
    durations(): KeyedSum[] {
      return statements.durations.all()
    },
    /** Assets and bytes per import day from `from` up to (not including) `to`, both YYYY-MM-DD; empty days are absent. */
    importDays(from: string, to: string): KeyedSum[] {
      return statements.days.all({ from, to })
    },
    health(): HealthCounts {
      const flagged = new Map(statements.flagged.all().map((row) => [row.health, row.count]))
      const failed = statements.failed.get()!
      return {
        missing: flagged.get('missing') ?? 0,
        changed: flagged.get('changed') ?? 0,
        unverified: statements.unverified.get()!.count,
        failedImports: failed.total,
        failedImportsRecent: failed.recent,
      }
    },
    /** The query plan of every statement, one line per step (for tests and the bench). */
    explain(): Record<keyof typeof statements, string[]> {
      const sample = { from: '2000-01-01', to: '2000-01-02' }
      return Object.fromEntries(
        Object.entries(statements).map(([name, stmt]) => [
          name,
          db
            .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${stmt.source}`)
            .all(...(name === 'days' ? [sample] : []))
            .map((row) => row.detail),
        ]),
      ) as Record<keyof typeof statements, string[]>
    },
  }
}
export type StatsRepo = ReturnType<typeof createStatsRepo>
