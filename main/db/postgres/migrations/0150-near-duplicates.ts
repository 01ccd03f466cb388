import type { PostgresMigration } from '../postgres-migration'

/**
 * Near-duplicates, as a library's migrations 0240 and 0250 keep them: frame hashes by content and config (`frames`
 * bytea: the same packed bytes a library's BLOB holds), the pairs people dismissed (smaller content id first, by code point as a library
 * and the repository compare them: "C"), and
 * the assets that have near-duplicates (going with their asset). `stack_members` as a library's 0310 keeps it: the
 * near-duplicates' kin query reads it (stacks' own repository moves later). `library_meta` holds the note that the
 * assets with near-duplicates may be behind the groups (`near_duplicates_stale`), under the key a library uses.
 * Left for the browse migrations: the facet change log's triggers on `near_duplicate_assets` and `stack_members`.
 */
export const migration: PostgresMigration = {
  version: 150,
  name: 'near-duplicates',
  up: `
    CREATE TABLE frame_hashes (
      file_hash   text NOT NULL,
      config_hash text NOT NULL,
      frame_count integer NOT NULL CHECK (frame_count >= 0),
      frames      bytea NOT NULL,
      error       text,
      picture     text,
      hashed_at   text NOT NULL,
      PRIMARY KEY (file_hash, config_hash)
    );
    CREATE TABLE similar_dismissed (
      content_a    text COLLATE "C" NOT NULL,
      content_b    text COLLATE "C" NOT NULL,
      dismissed_at text NOT NULL,
      PRIMARY KEY (content_a, content_b),
      CHECK (content_a < content_b)
    );
    CREATE TABLE near_duplicate_assets (
      asset_id text PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE
    );
    CREATE TABLE stack_members (
      member_id text PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
      head_id   text NOT NULL,
      reason    text NOT NULL CHECK (reason IN ('sidecar', 'proxy', 'processed')),
      CHECK (member_id <> head_id)
    );
    CREATE INDEX stack_members_head ON stack_members (head_id);
    CREATE TABLE library_meta (
      key   text PRIMARY KEY,
      value text NOT NULL
    );
  `,
}
