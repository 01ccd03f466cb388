import type { PostgresMigration } from '../postgres-migration'

// The tables whose changes clients follow (shared/contract/changes.ts's topics that a hub has), and asset_search,
// which stands for a library's videos_fts (the search text changed).
const TRACKED: ReadonlyArray<readonly [table: string, topic: string]> = [
  ...[
    'library_meta',
    'videos',
    'tags',
    'asset_tags',
    'collections',
    'collection_items',
    'trash_batches',
    'trash_entries',
    'video_generation',
    'workflows',
    'workflow_executions',
    'workflow_videos',
    'frame_hashes',
    'similar_dismissed',
    'near_duplicate_assets',
    'stack_members',
    'asset_screen_text',
    'subtitle_tracks',
    'timelines',
    'timeline_frames',
    'checkpoints',
    'checkpoint_outputs',
    'stage_outputs',
    'pipeline_runs',
    'saved_searches',
    'watch_folders',
    'watch_files',
    'watch_events',
  ].map((table) => [table, table] as const),
  ['asset_search', 'videos_fts'],
]

/**
 * The row trigger function that notes a followed table's topic (TG_ARGV[0]) for the transaction, unless `untracked`
 * holds (bookkeeping no client shows). `create` is CREATE, or CREATE OR REPLACE in a later migration.
 */
export const noteChange = (
  create: string,
  untracked: string,
) => `${create} FUNCTION fv_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      noted text := coalesce(current_setting('framevault.changed', true), '');
    BEGIN
      -- Bookkeeping no client shows (change-tracking.ts's UNTRACKED), and what its triggers write, is no change.
      IF ${untracked} THEN
        RETURN NULL;
      END IF;
      IF position(',' || TG_ARGV[0] || ',' IN ',' || noted || ',') = 0 THEN
        PERFORM set_config('framevault.changed', CASE WHEN noted = '' THEN TG_ARGV[0] ELSE noted || ',' || TG_ARGV[0] END,
          true);
      END IF;
      RETURN NULL;
    END $$;`

/**
 * The hub's change log (issue 34 point 5: "changes by one person reach everyone's open window within a second …
 * with the sequence catch-up … so a reconnect misses nothing"), as a library's migration 0380 keeps it: one row per
 * committed transaction that changed a followed table, with the topics it touched as a JSON array.
 *
 * The database writes it, whoever the writer: a row trigger on each followed table notes its topic for the
 * transaction (a transaction-local setting), and a deferred constraint trigger logs the noted topics once as the
 * transaction commits, then notifies `framevault_changes` (delivered at commit). The logging takes a transaction
 * advisory lock, so sequences are handed out in commit order: a reader that has seen sequence n never later finds
 * a smaller one committed. The last 1,000 changes are kept (CHANGES_KEPT). `fv_follow_changes(table, topic)` adds a
 * table that a later migration makes.
 */
export const migration: PostgresMigration = {
  version: 190,
  name: 'change-log',
  up: `
    CREATE TABLE change_log (
      seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tables text NOT NULL,
      at     text NOT NULL
    );

    ${noteChange('CREATE', `starts_with(current_query(), '/* untracked */')`)}

    CREATE FUNCTION fv_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      noted text := coalesce(current_setting('framevault.changed', true), '');
      logged bigint;
    BEGIN
      IF noted = '' THEN
        RETURN NULL;
      END IF;
      PERFORM set_config('framevault.changed', '', true);
      PERFORM pg_advisory_xact_lock(${0x4676_6368});
      INSERT INTO change_log (tables, at)
      VALUES (array_to_json(string_to_array(noted, ','))::text,
              to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      RETURNING seq INTO logged;
      DELETE FROM change_log WHERE seq <= logged - 1000;
      PERFORM pg_notify('framevault_changes', logged::text);
      RETURN NULL;
    END $$;

    CREATE FUNCTION fv_follow_changes(target regclass, topic text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s
        FOR EACH ROW EXECUTE FUNCTION fv_note_change(%L)', 'note_change', target, topic);
      EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fv_log_changes()', 'log_changes', target);
    END $$;

    ${TRACKED.map(([table, topic]) => `SELECT fv_follow_changes('${table}', '${topic}');`).join('\n    ')}
  `,
}
