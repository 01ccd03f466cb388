import type { Migration } from '../migration'

/**
 * Asset health (issue 8 item 5): what the last verify or file access found.
 *
 * - `verified_at`: ISO time of the last verify that found the file whole and matching its sha256.
 * - `health`: 'missing' (the file is gone) or 'changed' (its bytes no longer hash to `sha256`);
 *   NULL means fine or never checked (`verified_at` tells which).
 * - `health_at`: when `health` was last set.
 *
 * The partial index keeps the "show me what is broken" filter and the stats' health counts an
 * index lookup over the few unhealthy rows rather than a scan of every asset.
 */
export const migration: Migration = {
  version: 80,
  name: 'asset-health',
  up(db) {
    db.exec(`
      ALTER TABLE videos ADD COLUMN verified_at TEXT;
      ALTER TABLE videos ADD COLUMN health TEXT CHECK (health IN ('missing', 'changed'));
      ALTER TABLE videos ADD COLUMN health_at TEXT;
      CREATE INDEX videos_health ON videos (health, id) WHERE health IS NOT NULL;
    `)
  },
}
