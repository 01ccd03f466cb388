import type { PostgresMigration } from '../postgres-migration'

/**
 * An asset `v`'s searched text as a tsvector: what everyone may find (its name, path, tags, prompt, words on screen,
 * subtitle cues and the words of its comments that are not deleted) at to_tsvector's own weight D, and its notes at
 * weight B. A query for who may not read notes asks for weight D alone (fv_prefix_query's `weights`); one for who may
 * asks for any weight, as before.
 */
const SEARCH_DOCUMENT = `to_tsvector('simple', fv_search_words(concat_ws(' ', v.name, v.original_path,
        (SELECT string_agg(t.name, ' ') FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = v.id),
        (SELECT g.prompt FROM video_generation g WHERE g.video_id = v.id),
        (SELECT s.words FROM asset_screen_text s WHERE s.video_id = v.id),
        (SELECT string_agg(fv_cue_texts(st.cues), ' ') FROM subtitle_tracks st WHERE st.video_id = v.id),
        (SELECT string_agg(c.body, ' ') FROM comments c WHERE c.asset_id = v.id AND c.deleted_at IS NULL)
      )))
      || setweight(to_tsvector('simple', fv_search_words(coalesce(v.notes, ''))), 'B')`

/**
 * Comments in the text search, notes out of a viewer's (issue 60 points 1 and 3), as a library's migration 0790: the
 * search document (each `videos` row's and `asset_search`'s, migrations 0170 and 0240) gains the comments' words and
 * holds the notes apart by weight; a comment's insert, edit or delete makes its asset's document again, as the other
 * sources' triggers do, and notes its asset in the facet index's change log. Every document is made again, with the tables' triggers off (no column a client follows
 * changes, as migration 0240's fill).
 */
export const migration: PostgresMigration = {
  version: 450,
  name: 'search-comments-notes',
  up: `
    CREATE OR REPLACE FUNCTION fv_search_document_of(v videos) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT ${SEARCH_DOCUMENT}
    $$;
    -- The words as prefixes, all required, each in a lexeme of one of these weights ('' for any).
    CREATE FUNCTION fv_prefix_query(words text, weights text) RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT coalesce(string_agg(quote_literal(word) || ':*' || weights, ' & '), '')::tsquery
      FROM regexp_split_to_table(btrim(fv_search_words(words)), ' +') AS word WHERE word <> ''
    $$;
    CREATE TRIGGER comments_search AFTER INSERT OR DELETE OR UPDATE OF body, deleted_at, asset_id ON comments
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_source('asset_id');
    -- The facet index keeps a text query's matches while its change log (migration 0220) stands still: a comment's
    -- words move it, as a tag's do.
    CREATE TRIGGER facet_changes_member AFTER INSERT OR DELETE OR UPDATE OF body, deleted_at, asset_id ON comments
      FOR EACH ROW EXECUTE FUNCTION fv_facet_change_of_member('asset_id');

    ALTER TABLE videos DISABLE TRIGGER USER;
    UPDATE videos v SET search_document = fv_search_document_of(v);
    ALTER TABLE videos ENABLE TRIGGER USER;
    ALTER TABLE asset_search DISABLE TRIGGER USER;
    UPDATE asset_search s SET document = v.search_document FROM videos v WHERE v.id = s.video_id;
    ALTER TABLE asset_search ENABLE TRIGGER USER;
  `,
}
