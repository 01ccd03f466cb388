import type { Migration } from '../migration'

/**
 * Where a cached analysis came from when a person brought it from a plugin's cache (issue 24 point 5):
 * the plugin's database file, the row's id there and the path that row named. Kept beside the plugins'
 * `analysis_jobs`, whose columns stay as they are; the copied row keeps its keys and result unchanged.
 * Once the row is rewritten (a run replaced it) or deleted, by us or by a plugin writing this file, the
 * note goes with it: triggers, so writers that leave foreign keys off are covered too (PostgreSQL has
 * the same triggers). A note left by INSERT OR REPLACE (no delete trigger fires) names an id that
 * AUTOINCREMENT never hands out again.
 */
export const migration: Migration = {
  version: 340,
  name: 'analysis-sources',
  up(db) {
    db.exec(`
      CREATE TABLE analysis_sources (
        analysis_id      INTEGER PRIMARY KEY,
        source_database  TEXT NOT NULL,
        source_row_id    INTEGER NOT NULL,
        source_file_path TEXT NOT NULL,
        copied_at        REAL NOT NULL
      ) STRICT;
      CREATE TRIGGER analysis_sources_rewritten
        AFTER UPDATE OF file_path, file_hash, config_hash, ranges, metadata, created_at ON analysis_jobs BEGIN
          DELETE FROM analysis_sources WHERE analysis_id = old.id;
        END;
      CREATE TRIGGER analysis_sources_deleted AFTER DELETE ON analysis_jobs BEGIN
        DELETE FROM analysis_sources WHERE analysis_id = old.id;
      END;
    `)
  },
}
