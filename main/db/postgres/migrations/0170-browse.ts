import type { PostgresMigration } from '../postgres-migration'

// SQLite's CAST(text AS INTEGER): the leading integer of the text, 0 when there is none.
const LEADING_INTEGER = (text: string) => `coalesce((substring(${text} FROM '^\\s*([-+]?[0-9]+)'))::bigint, 0)`
const WIDTH = `CASE WHEN strpos(resolution, 'x') > 1 THEN ${LEADING_INTEGER(`split_part(resolution, 'x', 1)`)} END`
const HEIGHT = `CASE WHEN strpos(resolution, 'x') > 1 THEN ${LEADING_INTEGER(`substr(resolution, strpos(resolution, 'x') + 1)`)} END`
// A metadata key's value as text, when the metadata is a JSON object (json_extract in a library).
const METADATA = (key: string) => `CASE WHEN metadata IS JSON OBJECT THEN metadata::json ->> '${key}' END`
// SQLite's lower(): ASCII letters alone.
const ASCII_LOWER = (text: string) => `translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`

/** An asset `v`'s searched text as a tsvector: its own texts and those of its tags, prompt, screen and subtitles. */
export const SEARCH_DOCUMENT = `to_tsvector('simple', fv_search_words(concat_ws(' ', v.name, v.original_path,
        (SELECT string_agg(t.name, ' ') FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = v.id),
        v.notes,
        (SELECT g.prompt FROM video_generation g WHERE g.video_id = v.id),
        (SELECT s.words FROM asset_screen_text s WHERE s.video_id = v.id),
        (SELECT string_agg(fv_cue_texts(st.cues), ' ') FROM subtitle_tracks st WHERE st.video_id = v.id)
      )))`

/**
 * Browsing a hub (issue 34 point 2): a library's filter and sort columns of its migration 0060, stored (a generated
 * column cannot read another, so width and height are spelled out where they are used), and their indexes. Sort keys
 * and ids order by code point (COLLATE "C"), as a library's BINARY text does, so both engines page alike.
 *
 * Search: `asset_search` holds each asset's searched text as a tsvector: name, original path, tags, notes, prompt,
 * words on screen and subtitle cues, the texts a library's `videos_fts` holds. `fv_search_words` folds them as
 * FTS5's unicode61 tokenizer with remove_diacritics does: diacritics gone (unaccent), lower case, and anything but
 * letters and digits a separator (the pg_c_utf8 collation classes characters by Unicode, whatever the database's
 * locale). Triggers on every source table keep it current in the same transaction, as a library's do; a query's
 * words match as prefixes (`fv_prefix_query`).
 */
export const migration: PostgresMigration = {
  version: 170,
  name: 'browse',
  up: `
    -- unaccent where the database has it, else in a schema of its own (an extension is the database's, not a
    -- catalogue schema's, so it must outlive any one of them), called through fv_unaccent wherever it lives.
    DO $$
    DECLARE
      home text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'unaccent');
    BEGIN
      IF home IS NULL THEN
        CREATE SCHEMA IF NOT EXISTS framevault_extensions;
        CREATE EXTENSION unaccent SCHEMA framevault_extensions;
        home := 'framevault_extensions';
      END IF;
      EXECUTE format(
        'CREATE FUNCTION fv_unaccent(text text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS %L',
        format('SELECT %I.unaccent(text)', home));
    END $$;

    ALTER TABLE videos
      ADD COLUMN width integer GENERATED ALWAYS AS (${WIDTH}) STORED,
      ADD COLUMN height integer GENERATED ALWAYS AS (${HEIGHT}) STORED,
      ADD COLUMN orientation text GENERATED ALWAYS AS (
        CASE
          WHEN (${WIDTH}) IS NULL OR (${HEIGHT}) IS NULL THEN NULL
          WHEN (${WIDTH}) > (${HEIGHT}) THEN 'landscape'
          WHEN (${WIDTH}) < (${HEIGHT}) THEN 'portrait'
          ELSE 'square'
        END
      ) STORED,
      ADD COLUMN has_audio integer GENERATED ALWAYS AS (
        CASE WHEN (${METADATA('audioCodec')}) IS NOT NULL THEN 1 ELSE 0 END
      ) STORED,
      ADD COLUMN container text GENERATED ALWAYS AS (${METADATA('container')}) STORED,
      ADD COLUMN sort_imported text COLLATE "C" GENERATED ALWAYS AS (coalesce(imported_at, created_at)) STORED,
      ADD COLUMN sort_name text COLLATE "C" GENERATED ALWAYS AS (${ASCII_LOWER('name')}) STORED,
      ADD COLUMN sort_duration double precision GENERATED ALWAYS AS (coalesce(duration_seconds, -1)) STORED,
      ADD COLUMN sort_size bigint GENERATED ALWAYS AS (coalesce(size_bytes, -1)) STORED,
      ADD COLUMN sort_pixels bigint GENERATED ALWAYS AS (coalesce((${WIDTH}) * (${HEIGHT}), -1)) STORED;
    CREATE INDEX videos_sort_imported ON videos (sort_imported, id COLLATE "C");
    CREATE INDEX videos_sort_name ON videos (sort_name, id COLLATE "C");
    CREATE INDEX videos_sort_duration ON videos (sort_duration, id COLLATE "C");
    CREATE INDEX videos_sort_size ON videos (sort_size, id COLLATE "C");
    CREATE INDEX videos_sort_pixels ON videos (sort_pixels, id COLLATE "C");
    CREATE INDEX asset_tags_asset ON asset_tags (asset_id);

    -- SQLite's unixepoch(text, 'subsec') in milliseconds, as a library's facet index reads import times: text
    -- without a zone is UTC, and what is no time is NULL.
    CREATE FUNCTION fv_epoch_ms(text text) RETURNS double precision LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      RETURN round(extract(epoch FROM CASE
        WHEN text ~ '(Z|[+-][0-9][0-9]:?[0-9][0-9])$' THEN text::timestamptz
        ELSE text::timestamp AT TIME ZONE 'UTC'
      END) * 1000);
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END $$;
    CREATE FUNCTION fv_search_words(text text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT regexp_replace(lower(fv_unaccent(text) COLLATE pg_c_utf8), '[^[:alnum:]]+', ' ', 'g')
    $$;
    CREATE FUNCTION fv_prefix_query(words text) RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT coalesce(string_agg(quote_literal(word) || ':*', ' & '), '')::tsquery
      FROM regexp_split_to_table(btrim(fv_search_words(words)), ' +') AS word WHERE word <> ''
    $$;
    -- A track's cue texts, one per line. PostgreSQL reads no NUL out of JSON (a cue may hold one): they go; cues
    -- that are no JSON array of [start, end, text] are searched as they are.
    CREATE FUNCTION fv_cue_texts(cues text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      RETURN (SELECT string_agg(c.cue ->> 2, E'\\n') FROM json_array_elements(replace(cues, '\\u0000', '')::json) AS c(cue));
    EXCEPTION WHEN others THEN
      RETURN cues;
    END $$;
    CREATE TABLE asset_search (
      video_id text PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
      document tsvector NOT NULL
    );
    CREATE INDEX asset_search_document ON asset_search USING gin (document);

    CREATE FUNCTION fv_search_document(asset text) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT ${SEARCH_DOCUMENT}
      FROM videos v WHERE v.id = asset
    $$;
    CREATE FUNCTION fv_search_refresh(asset text) RETURNS void LANGUAGE sql AS $$
      UPDATE asset_search SET document = fv_search_document(asset) WHERE video_id = asset
    $$;

    CREATE FUNCTION fv_search_on_videos() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO asset_search (video_id, document) VALUES (NEW.id, fv_search_document(NEW.id));
      ELSE
        PERFORM fv_search_refresh(NEW.id);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER videos_search_insert AFTER INSERT ON videos
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_videos();
    CREATE TRIGGER videos_search_update AFTER UPDATE OF name, original_path, notes ON videos
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_videos();

    -- The asset a row of a source table belongs to is in the column named by the trigger's argument.
    CREATE FUNCTION fv_search_on_source() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      column_name text := TG_ARGV[0];
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM fv_search_refresh(to_jsonb(OLD) ->> column_name);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM fv_search_refresh(to_jsonb(NEW) ->> column_name);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER asset_tags_search AFTER INSERT OR UPDATE OR DELETE ON asset_tags
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_source('asset_id');
    CREATE TRIGGER video_generation_search AFTER INSERT OR UPDATE OR DELETE ON video_generation
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_source('video_id');
    CREATE TRIGGER asset_screen_text_search AFTER INSERT OR UPDATE OR DELETE ON asset_screen_text
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_source('video_id');
    CREATE TRIGGER subtitle_tracks_search AFTER INSERT OR UPDATE OR DELETE ON subtitle_tracks
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_source('video_id');

    CREATE FUNCTION fv_search_on_tag_rename() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM fv_search_refresh(a.asset_id) FROM asset_tags a WHERE a.tag_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER tags_search_rename AFTER UPDATE OF name ON tags
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_tag_rename();

    INSERT INTO asset_search (video_id, document) SELECT id, fv_search_document(id) FROM videos;
  `,
}
