import { changeTriggers, sqliteTriggerName } from '../schema/change-triggers'
import { WRITE_EVENTS } from '../schema/declare'
import { CATALOGUE } from '../schema/index'
import { comments } from '../schema/tables/review'
import type { Migration } from '../migration'

// The words of an asset's comments that are not deleted, one per line (a deleted one keeps no body, only who and when).
const ASSET_COMMENTS = (asset: string) =>
  `(SELECT coalesce(group_concat(c.body, char(10)), '') FROM comments c
    WHERE c.asset_id = ${asset} AND c.deleted_at IS NULL)`
const SET_COMMENTS = (asset: string, when = '1') =>
  `UPDATE videos_fts SET comments = ${ASSET_COMMENTS(asset)}
   WHERE ${when} AND rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = ${asset});`

/**
 * Comments in the text search (issue 60 point 1: "Comments are searchable"): their words fill a new `comments` column
 * of `videos_fts`, kept by triggers on `comments` as `subtitle_tracks` keeps `subtitles` (an edit, a delete of the
 * words, a delete of the row). FTS5 cannot add a column, so `videos_fts` is made again from its own stored columns
 * with the same rowids (as migration 0440 did), then given each asset's comments.
 *
 * Notes stay a column of their own: a search for who may not read them (viewers, commenters) asks every column but
 * `notes` (media-search.ts's toMatchExpression). A write of `comments` now changes the text index too: its change
 * triggers are made again to note that (`videos_fts`'s `fedBy`).
 */
export const migration: Migration = {
  version: 790,
  name: 'search-comments-notes',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE fts_rows AS
        SELECT rowid AS fts_rowid, name, original_path, tags, notes, prompt, screen_text, subtitles FROM videos_fts;
      DROP TABLE videos_fts;
      CREATE VIRTUAL TABLE videos_fts USING fts5 (
        name, original_path, tags, notes, prompt, screen_text, subtitles, comments,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3 4 5'
      );
      INSERT INTO videos_fts (rowid, name, original_path, tags, notes, prompt, screen_text, subtitles, comments)
      SELECT r.fts_rowid, r.name, r.original_path, r.tags, r.notes, r.prompt, r.screen_text, r.subtitles,
        ${ASSET_COMMENTS('k.asset_id')}
      FROM temp.fts_rows r LEFT JOIN videos_fts_keys k ON k.fts_rowid = r.fts_rowid ORDER BY r.fts_rowid;
      DROP TABLE temp.fts_rows;

      CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
        ${SET_COMMENTS('new.asset_id')}
      END;
      CREATE TRIGGER comments_fts_update AFTER UPDATE OF body, deleted_at, asset_id ON comments BEGIN
        ${SET_COMMENTS('old.asset_id', 'old.asset_id IS NOT new.asset_id')}
        ${SET_COMMENTS('new.asset_id')}
      END;
      CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
        ${SET_COMMENTS('old.asset_id')}
      END;
    `)
    for (const event of WRITE_EVENTS) db.exec(`DROP TRIGGER IF EXISTS ${sqliteTriggerName('comments', event)}`)
    for (const statement of changeTriggers(comments, 'sqlite', CATALOGUE)) db.exec(statement)
  },
}
