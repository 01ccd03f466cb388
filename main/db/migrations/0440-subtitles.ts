import type { Migration } from '../migration'

// Every cue's text of an asset's subtitle tracks (the third of each stored `[start, end, text]`), for its search column.
const ASSET_SUBTITLES = (asset: string) =>
  `(SELECT coalesce(group_concat(json_extract(c.value, '$[2]'), char(10)), '')
    FROM subtitle_tracks t, json_each(t.cues) c WHERE t.video_id = ${asset})`

/**
 * Subtitles as text (issue 36 point 4: "subtitle streams inside the file and sidecar files next to a video are read
 * at import, kept with their cue times and language … and searched like on-screen text").
 *
 * - `subtitle_tracks`: one row per track of an asset, a stream of its file (`stream_index`) or a sidecar file
 *   (`file_name`), in `position` order; `cues` is a JSON array of `[start, end, text]` (seconds into the asset),
 *   `problem` why a track has no cues (pictures, an unreadable file).
 * - Their text fills a new `subtitles` column of `videos_fts` through triggers, as `asset_screen_text` fills
 *   `screen_text`. FTS5 cannot add a column, so `videos_fts` is made again from its own stored columns with the
 *   same rowids (as migration 0360 did).
 */
export const migration: Migration = {
  version: 440,
  name: 'subtitles',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE fts_rows AS
        SELECT rowid AS fts_rowid, name, original_path, tags, notes, prompt, screen_text FROM videos_fts;
      DROP TABLE videos_fts;
      CREATE VIRTUAL TABLE videos_fts USING fts5 (
        name, original_path, tags, notes, prompt, screen_text, subtitles,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3 4 5'
      );
      INSERT INTO videos_fts (rowid, name, original_path, tags, notes, prompt, screen_text, subtitles)
      SELECT fts_rowid, name, original_path, tags, notes, prompt, screen_text, '' FROM temp.fts_rows ORDER BY fts_rowid;
      DROP TABLE temp.fts_rows;

      CREATE TABLE subtitle_tracks (
        id           INTEGER PRIMARY KEY,
        video_id     TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        source       TEXT NOT NULL CHECK (source IN ('stream', 'sidecar')),
        stream_index INTEGER,
        file_name    TEXT,
        codec        TEXT,
        language     TEXT,
        title        TEXT,
        cues         TEXT NOT NULL,
        problem      TEXT,
        read_at      TEXT NOT NULL,
        UNIQUE (video_id, position)
      ) STRICT;
      CREATE TRIGGER subtitle_tracks_fts_insert AFTER INSERT ON subtitle_tracks BEGIN
        UPDATE videos_fts SET subtitles = ${ASSET_SUBTITLES('new.video_id')}
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.video_id);
      END;
      CREATE TRIGGER subtitle_tracks_fts_delete AFTER DELETE ON subtitle_tracks BEGIN
        UPDATE videos_fts SET subtitles = ${ASSET_SUBTITLES('old.video_id')}
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = old.video_id);
      END;
    `)
  },
}
