import type { Migration } from '../migration'

/**
 * Prefix indexes of 4 and 5 characters for the full-text index (issue 8, browse bench).
 *
 * Migration 0060 indexed prefixes of 2 and 3 characters. A longer prefix typed into search ("krak",
 * "inter") then had FTS5 merge the doclists of every term starting with it into one list in memory
 * before the first match came out, so even the capped count that chooses the plan (matches up to
 * a few thousand) read all of them: 2.3-3 ms for ~83,000 matches at 1M assets, 0.35 ms with a
 * prefix index, and building a text page's match set took ~2 ms longer. Most words typed are
 * longer than 3 characters by the time a person pauses.
 *
 * FTS5 cannot add a prefix index to a table, so the table is made again from its own stored
 * columns (the same text, the same rowids, so videos_fts_keys and the triggers of 0060 stay right).
 * At 1M assets this takes ~30 s once; each indexed word writes two more index entries from now on.
 */
export const migration: Migration = {
  version: 150,
  name: 'fts-longer-prefixes',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE fts_rows AS SELECT rowid AS fts_rowid, name, original_path, tags, notes, prompt FROM videos_fts;
      DROP TABLE videos_fts;
      CREATE VIRTUAL TABLE videos_fts USING fts5 (
        name, original_path, tags, notes, prompt,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3 4 5'
      );
      INSERT INTO videos_fts (rowid, name, original_path, tags, notes, prompt)
      SELECT fts_rowid, name, original_path, tags, notes, prompt FROM temp.fts_rows ORDER BY fts_rowid;
      DROP TABLE temp.fts_rows;
    `)
  },
}
