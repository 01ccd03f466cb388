import type { PostgresMigration } from '../postgres-migration'

/**
 * The indexes a library's health and stats read from (its migrations 0080 and 0090), under the same names; the
 * columns are 0030's. The flagged and the unverified assets are partial indexes, so a check of what is broken and
 * the stats' health counts read the few rows concerned; the groupings, the duration ranges and the imports per day
 * (the same text expression as a library's, UTC days of text timestamps) can be answered from an index alone.
 */
export const migration: PostgresMigration = {
  version: 140,
  name: 'health-stats',
  up: `
    CREATE INDEX videos_health ON videos (health, id) WHERE health IS NOT NULL;
    CREATE INDEX videos_unverified ON videos (id) WHERE verified_at IS NULL;
    CREATE INDEX videos_stats ON videos (media_type, source_type, codec, resolution, size_bytes);
    CREATE INDEX videos_duration_bytes ON videos (duration_seconds, size_bytes);
    CREATE INDEX videos_import_day ON videos ((substr(coalesce(imported_at, created_at), 1, 10)), size_bytes);
  `,
}
