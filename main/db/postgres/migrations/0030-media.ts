import type { PostgresMigration } from '../postgres-migration'

/**
 * The assets, with a library's `videos` columns (its migrations 0020 to 0430) under the same names, so rows move
 * between the two as they are. Unlike a library's, `file_path` may be empty: a hub's copies are known by their
 * `object_key` alone, and only a linked file has a path (on the machine that linked it). The columns a library
 * computes for browsing (width, orientation, sort keys) come with the browse migrations.
 */
export const migration: PostgresMigration = {
  version: 30,
  name: 'media',
  up: `
    CREATE TABLE videos (
      id               text PRIMARY KEY,
      name             text NOT NULL,
      file_path        text UNIQUE,
      file_hash        text,
      size_bytes       bigint,
      duration_seconds double precision,
      resolution       text,
      aspect_ratio     text,
      codec            text,
      fps              double precision,
      source_type      text NOT NULL DEFAULT 'uploaded',
      created_at       text NOT NULL,
      metadata         text,
      media_type       text NOT NULL DEFAULT 'video' CHECK (media_type IN ('video', 'image', 'audio')),
      status           integer NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 6),
      error            text,
      imported_by      text,
      original_path    text,
      imported_at      text,
      sampled_id       text,
      storage          text NOT NULL DEFAULT 'copy' CHECK (storage IN ('copy', 'link')),
      rating           integer NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
      notes            text,
      verified_at      text,
      health           text CHECK (health IN ('missing', 'changed')),
      health_at        text,
      thumbs_bytes     bigint,
      object_key       text UNIQUE
    );
    CREATE INDEX videos_sampled_id ON videos (sampled_id);
    CREATE INDEX videos_file_hash ON videos (file_hash);
    CREATE INDEX videos_imported_at ON videos (imported_at, id);
  `,
}
