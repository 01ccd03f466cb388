import type { PostgresMigration } from '../postgres-migration'
import { SEARCH_DOCUMENT } from './0170-browse'
import { noteChange } from './0190-change-log'

/**
 * Each asset's searched text also on its own `videos` row (`search_document`), for a page that walks the sort order
 * and tests each row for a common word: probing `asset_search` by id for every row tested took 10–15 ms of a page at
 * a million assets, reading the row it stands on 1.5–2 ms. `asset_search` stays: its GIN index finds a rare word's
 * assets, and the facet index's marks.
 *
 * One function makes the document from a videos row (`fv_search_document_of`): a BEFORE trigger gives a new or
 * renamed row its own, and `fv_search_refresh` (the source tables' triggers) writes it to both tables. The fill runs
 * with the table's triggers off (no column a client follows changes).
 */
export const migration: PostgresMigration = {
  version: 240,
  name: 'search-document-on-videos',
  up: `
    ALTER TABLE videos ADD COLUMN search_document tsvector;

    CREATE FUNCTION fv_search_document_of(v videos) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT ${SEARCH_DOCUMENT}
    $$;
    CREATE OR REPLACE FUNCTION fv_search_document(asset text) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT fv_search_document_of(v) FROM videos v WHERE v.id = asset
    $$;
    -- The row's copy is bookkeeping: its write is no change of videos a client follows (migration 0190's log), as a
    -- library's search text changes note videos_fts alone.
    CREATE OR REPLACE FUNCTION fv_search_refresh(asset text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      made tsvector := fv_search_document(asset);
    BEGIN
      UPDATE asset_search SET document = made WHERE video_id = asset;
      PERFORM set_config('framevault.untracked', 'on', true);
      UPDATE videos SET search_document = made WHERE id = asset AND search_document IS DISTINCT FROM made;
      PERFORM set_config('framevault.untracked', '', true);
    END $$;
    ${noteChange(
      'CREATE OR REPLACE',
      `starts_with(current_query(), '/* untracked */') OR current_setting('framevault.untracked', true) = 'on'`,
    )}

    CREATE FUNCTION fv_search_on_own_columns() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_document := fv_search_document_of(NEW);
      RETURN NEW;
    END $$;
    CREATE TRIGGER videos_search_document BEFORE INSERT OR UPDATE OF name, original_path, notes ON videos
      FOR EACH ROW EXECUTE FUNCTION fv_search_on_own_columns();
    CREATE OR REPLACE FUNCTION fv_search_on_videos() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO asset_search (video_id, row_id, document) VALUES (NEW.id, NEW.row_id, NEW.search_document);
      ELSE
        UPDATE asset_search SET document = NEW.search_document WHERE video_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$;

    ALTER TABLE videos DISABLE TRIGGER USER;
    UPDATE videos v SET search_document = s.document FROM asset_search s WHERE s.video_id = v.id;
    ALTER TABLE videos ENABLE TRIGGER USER;
  `,
}
