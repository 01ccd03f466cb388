import type { Migration } from '../migration'

/**
 * On-screen text in the full-text index (issue 19: "found text joins the library's full-text search, so a person
 * finds every clip where 'ACME' appears on screen").
 *
 * - `asset_screen_text`: the distinct words the pipelines' text stage read on an asset's frames, space-separated
 *   (every text output of its timelines, merged). Its triggers fill a new `screen_text` column of `videos_fts`,
 *   as video_generation's fill `prompt`, so searching matches it like any other column.
 * - FTS5 cannot add a column, so `videos_fts` is made again from its own stored columns with the same rowids
 *   (migration 0150 did the same for its prefixes); videos_fts_keys and every trigger naming the table stay right,
 *   and their inserts leave the new column empty.
 */
export const migration: Migration = {
  version: 360,
  name: 'screen-text',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE fts_rows AS SELECT rowid AS fts_rowid, name, original_path, tags, notes, prompt FROM videos_fts;
      DROP TABLE videos_fts;
      CREATE VIRTUAL TABLE videos_fts USING fts5 (
        name, original_path, tags, notes, prompt, screen_text,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3 4 5'
      );
      INSERT INTO videos_fts (rowid, name, original_path, tags, notes, prompt, screen_text)
      SELECT fts_rowid, name, original_path, tags, notes, prompt, '' FROM temp.fts_rows ORDER BY fts_rowid;
      DROP TABLE temp.fts_rows;

      CREATE TABLE asset_screen_text (
        video_id   TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
        words      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER asset_screen_text_fts_insert AFTER INSERT ON asset_screen_text BEGIN
        UPDATE videos_fts SET screen_text = new.words
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.video_id);
      END;
      CREATE TRIGGER asset_screen_text_fts_update AFTER UPDATE OF words ON asset_screen_text BEGIN
        UPDATE videos_fts SET screen_text = new.words
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.video_id);
      END;
      CREATE TRIGGER asset_screen_text_fts_delete AFTER DELETE ON asset_screen_text BEGIN
        UPDATE videos_fts SET screen_text = ''
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = old.video_id);
      END;
    `)
  },
}
