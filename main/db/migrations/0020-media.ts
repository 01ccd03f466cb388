import type { Migration } from '../migration'

/**
 * Media assets, import jobs and the SHA-256 cache.
 *
 * `videos` keeps the original media manager's columns and names so plugin databases stay
 * readable (no STRICT, loose types as there); images live in the same table with
 * media_type 'image'. Status codes: 1 New, 2 Processing, 3 Processed, 6 Error (4, 5 reserved).
 */
export const migration: Migration = {
  version: 20,
  name: 'media',
  up(db) {
    db.exec(`
      CREATE TABLE videos (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        file_path        TEXT NOT NULL UNIQUE,
        file_hash        TEXT,
        size_bytes       INTEGER,
        duration_seconds REAL,
        resolution       TEXT,
        aspect_ratio     TEXT,
        codec            TEXT,
        fps              REAL,
        source_type      TEXT NOT NULL DEFAULT 'uploaded',
        created_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        metadata         TEXT,
        media_type       TEXT NOT NULL DEFAULT 'video' CHECK (media_type IN ('video', 'image')),
        status           INTEGER NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 6),
        error            TEXT,
        imported_by      TEXT,
        original_path    TEXT,
        imported_at      TEXT,
        sampled_id       TEXT,
        storage          TEXT NOT NULL DEFAULT 'copy' CHECK (storage IN ('copy', 'link'))
      );
      CREATE INDEX videos_sampled_id ON videos (sampled_id);
      CREATE INDEX videos_file_hash ON videos (file_hash);
      CREATE INDEX videos_imported_at ON videos (imported_at, id);

      CREATE TABLE import_jobs (
        id           TEXT PRIMARY KEY,
        state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        source       TEXT NOT NULL,
        link         INTEGER NOT NULL CHECK (link IN (0, 1)),
        imported_by  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        started_at   TEXT,
        finished_at  TEXT,
        files_total  INTEGER,
        bytes_total  INTEGER,
        error        TEXT
      ) STRICT;
      CREATE INDEX import_jobs_created_at ON import_jobs (created_at);

      CREATE TABLE import_items (
        job_id        TEXT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        path          TEXT NOT NULL,
        name          TEXT NOT NULL,
        size_bytes    INTEGER,
        outcome       TEXT NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'failed')),
        asset_id      TEXT,
        reason        TEXT,
        finished_at   TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT;

      CREATE INDEX import_items_outcome ON import_items (job_id, outcome);

      CREATE TABLE file_hash_cache (
        path      TEXT PRIMARY KEY,
        size      INTEGER NOT NULL,
        mtime_ns  TEXT NOT NULL,
        sha256    TEXT NOT NULL
      ) STRICT;
    `)
  },
}
