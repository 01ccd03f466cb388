import type { Migration } from '../migration'

/**
 * Near-duplicates (issue 21). `frame_hashes`: the perceptual hashes of a file's sampled frames, cached like
 * every analysis by content (the file's SHA-256, `sha256:` + hex) and the hashing config's hash, so a re-import or
 * a copy of the same bytes is never hashed twice. `frames` packs each frame as 32 hash bytes, one quality byte
 * and its time as a little-endian float32 (37 bytes; an hour at one frame a second is 133 KB); a file that could not
 * be hashed keeps its reason in `error` with no frames, so a resumed job does not try it again and again.
 * `picture`: the size ("WxH") of a video's picture between black bars, where it has bars (null: none found).
 * `similar_dismissed`: pairs a person said are not duplicates, by the assets' content ids (the sampled id, the
 * same for the same bytes on any import), smaller id first, so neither a re-hash nor a re-import brings them back.
 */
export const migration: Migration = {
  version: 240,
  name: 'near-duplicates',
  up(db) {
    db.exec(`
      CREATE TABLE frame_hashes (
        file_hash   TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        frame_count INTEGER NOT NULL CHECK (frame_count >= 0),
        frames      BLOB NOT NULL,
        error       TEXT,
        picture     TEXT,
        hashed_at   TEXT NOT NULL,
        PRIMARY KEY (file_hash, config_hash)
      ) STRICT;
      CREATE TABLE similar_dismissed (
        content_a    TEXT NOT NULL,
        content_b    TEXT NOT NULL,
        dismissed_at TEXT NOT NULL,
        PRIMARY KEY (content_a, content_b),
        CHECK (content_a < content_b)
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
