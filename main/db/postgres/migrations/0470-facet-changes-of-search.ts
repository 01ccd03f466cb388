import type { PostgresMigration } from '../postgres-migration'

/**
 * The facet index (migration 0220) keeps a text query's matches while its change log stands still, so a change of an
 * asset's searched text must move the log, whatever made it: a rename, notes, tags, a prompt, words on screen,
 * subtitles or a comment. Each of those writes the asset's document in `asset_search` (fv_search_refresh and the
 * videos triggers, migrations 0170 and 0240): one trigger there logs the asset when its document changes. Migration
 * 0450's trigger on comments, which did this for comments alone, is dropped.
 */
export const migration: PostgresMigration = {
  version: 470,
  name: 'facet-changes-of-search',
  up: `
    CREATE TRIGGER facet_changes_search AFTER UPDATE OF document ON asset_search
      FOR EACH ROW WHEN (OLD.document IS DISTINCT FROM NEW.document)
      EXECUTE FUNCTION fv_facet_change_of_member('video_id');
    DROP TRIGGER facet_changes_member ON comments;
  `,
}
