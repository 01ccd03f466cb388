import type { Migration } from '../migration'

/**
 * Search, tags, rating and notes (issue 8).
 *
 * - `tags` / `asset_tags`: many-to-many, tag names unique regardless of case.
 * - `videos.rating` (0–5) and `videos.notes`.
 * - Virtual generated columns for filters and sorts (width/height parsed from `resolution`,
 *   `orientation`, `has_audio` and `container` from the metadata JSON) and NOT NULL sort keys
 *   (`sort_*`), each indexed with `id` as the tiebreak, so keyset pages walk an index; and
 *   `videos_facets`, one index over every facet column in GROUP BY order, so the facet counts
 *   are one scan of a narrow index (the computed JSON values are stored in it). Virtual
 *   columns need no backfill and stay right when another tool writes `resolution`/`metadata`.
 * - `videos_fts` (FTS5, diacritics folded, prefix index) over name, original path, tags (space
 *   joined), notes and prompt. It is kept in sync by triggers, not by the repos: every writer of
 *   `videos`/`asset_tags`/`tags` (the importer, deletes, other tools writing the seeds' tables)
 *   keeps the index right in the same transaction without having to know it exists. `prompt`
 *   stays '' here; the issue that fills generation details adds a trigger that sets it.
 * - `videos_fts_keys` gives each asset a stable integer FTS rowid: `videos` has a TEXT primary
 *   key, and VACUUM may renumber the implicit rowid of such a table, which would silently point
 *   the index at other rows.
 */
export const migration: Migration = {
  version: 60,
  name: 'search-and-tags',
  up(db) {
    db.exec(`
      CREATE TABLE tags (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      ) STRICT;

      CREATE TABLE asset_tags (
        asset_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        tag_id   INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (asset_id, tag_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX asset_tags_tag ON asset_tags (tag_id, asset_id);

      ALTER TABLE videos ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
      ALTER TABLE videos ADD COLUMN notes TEXT;
      ALTER TABLE videos ADD COLUMN width INTEGER GENERATED ALWAYS AS (
        CASE WHEN instr(resolution, 'x') > 1 THEN CAST(substr(resolution, 1, instr(resolution, 'x') - 1) AS INTEGER) END
      ) VIRTUAL;
      ALTER TABLE videos ADD COLUMN height INTEGER GENERATED ALWAYS AS (
        CASE WHEN instr(resolution, 'x') > 1 THEN CAST(substr(resolution, instr(resolution, 'x') + 1) AS INTEGER) END
      ) VIRTUAL;
      ALTER TABLE videos ADD COLUMN orientation TEXT GENERATED ALWAYS AS (
        CASE
          WHEN width IS NULL OR height IS NULL THEN NULL
          WHEN width > height THEN 'landscape'
          WHEN width < height THEN 'portrait'
          ELSE 'square'
        END
      ) VIRTUAL;
      ALTER TABLE videos ADD COLUMN has_audio INTEGER GENERATED ALWAYS AS (
        CASE WHEN json_valid(metadata) AND json_extract(metadata, '$.audioCodec') IS NOT NULL THEN 1 ELSE 0 END
      ) VIRTUAL;
      ALTER TABLE videos ADD COLUMN container TEXT GENERATED ALWAYS AS (
        CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.container') END
      ) VIRTUAL;
      ALTER TABLE videos ADD COLUMN sort_imported TEXT GENERATED ALWAYS AS (coalesce(imported_at, created_at)) VIRTUAL;
      ALTER TABLE videos ADD COLUMN sort_name TEXT GENERATED ALWAYS AS (lower(name)) VIRTUAL;
      ALTER TABLE videos ADD COLUMN sort_duration REAL GENERATED ALWAYS AS (coalesce(duration_seconds, -1)) VIRTUAL;
      ALTER TABLE videos ADD COLUMN sort_size INTEGER GENERATED ALWAYS AS (coalesce(size_bytes, -1)) VIRTUAL;
      ALTER TABLE videos ADD COLUMN sort_pixels INTEGER GENERATED ALWAYS AS (coalesce(width * height, -1)) VIRTUAL;
      CREATE INDEX videos_sort_imported ON videos (sort_imported, id);
      CREATE INDEX videos_sort_name ON videos (sort_name, id);
      CREATE INDEX videos_sort_duration ON videos (sort_duration, id);
      CREATE INDEX videos_sort_size ON videos (sort_size, id);
      CREATE INDEX videos_sort_pixels ON videos (sort_pixels, id);
      CREATE INDEX videos_facets ON videos (
        media_type, source_type, status, codec, container, has_audio, rating, width, height,
        duration_seconds, size_bytes, sort_imported
      );

      CREATE TABLE videos_fts_keys (
        fts_rowid INTEGER PRIMARY KEY,
        asset_id  TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE VIRTUAL TABLE videos_fts USING fts5 (
        name, original_path, tags, notes, prompt,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3'
      );

      CREATE TRIGGER videos_fts_insert AFTER INSERT ON videos BEGIN
        INSERT INTO videos_fts_keys (asset_id) VALUES (new.id);
        INSERT INTO videos_fts (rowid, name, original_path, tags, notes, prompt)
        VALUES ((SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.id),
                new.name, coalesce(new.original_path, ''), '', coalesce(new.notes, ''), '');
      END;
      CREATE TRIGGER videos_fts_update AFTER UPDATE OF name, original_path, notes ON videos BEGIN
        UPDATE videos_fts
        SET name = new.name, original_path = coalesce(new.original_path, ''), notes = coalesce(new.notes, '')
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.id);
      END;
      CREATE TRIGGER videos_fts_delete AFTER DELETE ON videos BEGIN
        DELETE FROM videos_fts WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = old.id);
        DELETE FROM videos_fts_keys WHERE asset_id = old.id;
      END;
      CREATE TRIGGER asset_tags_fts_insert AFTER INSERT ON asset_tags BEGIN
        UPDATE videos_fts SET tags = (
          SELECT coalesce(group_concat(t.name, ' '), '') FROM asset_tags a JOIN tags t ON t.id = a.tag_id
          WHERE a.asset_id = new.asset_id
        ) WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.asset_id);
      END;
      CREATE TRIGGER asset_tags_fts_delete AFTER DELETE ON asset_tags BEGIN
        UPDATE videos_fts SET tags = (
          SELECT coalesce(group_concat(t.name, ' '), '') FROM asset_tags a JOIN tags t ON t.id = a.tag_id
          WHERE a.asset_id = old.asset_id
        ) WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = old.asset_id);
      END;
      CREATE TRIGGER tags_fts_rename AFTER UPDATE OF name ON tags BEGIN
        UPDATE videos_fts SET tags = (
          SELECT coalesce(group_concat(t.name, ' '), '') FROM asset_tags a JOIN tags t ON t.id = a.tag_id
          WHERE a.asset_id = (SELECT asset_id FROM videos_fts_keys k WHERE k.fts_rowid = videos_fts.rowid)
        ) WHERE rowid IN (
          SELECT k.fts_rowid FROM asset_tags a JOIN videos_fts_keys k ON k.asset_id = a.asset_id WHERE a.tag_id = new.id
        );
      END;

      INSERT INTO videos_fts_keys (asset_id) SELECT id FROM videos ORDER BY rowid;
      INSERT INTO videos_fts (rowid, name, original_path, tags, notes, prompt)
      SELECT k.fts_rowid, v.name, coalesce(v.original_path, ''), '', coalesce(v.notes, ''), ''
      FROM videos_fts_keys k JOIN videos v ON v.id = k.asset_id;
    `)
  },
}
