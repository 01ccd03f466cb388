import { changeTriggers } from '../../schema/change-triggers'
import { CATALOGUE } from '../../schema/index'
import type { PostgresMigration } from '../postgres-migration'
import { noteChange } from './0190-change-log'

// The tables fv_follow_changes followed (migrations 0190, 0200 and 0270), by name: a table declared later is made,
// with its triggers, by a later migration.
const FOLLOWED_THEN = new Set([
  ...['library_meta', 'videos', 'asset_search', 'tags', 'asset_tags', 'collections', 'collection_items'],
  ...['trash_batches', 'trash_entries', 'video_generation', 'workflows', 'workflow_executions', 'workflow_videos'],
  ...['frame_hashes', 'similar_dismissed', 'near_duplicate_assets', 'stack_members', 'asset_screen_text'],
  ...['subtitle_tracks', 'timelines', 'timeline_frames', 'checkpoints', 'checkpoint_outputs', 'stage_outputs'],
  ...['pipeline_runs', 'saved_searches', 'watch_folders', 'watch_files', 'watch_events', 'import_items', 'people'],
  'access_tokens',
])
const FOLLOWED = CATALOGUE.filter((table) => FOLLOWED_THEN.has(table.name))

/**
 * The change triggers made from the declared schema (issue 59 point 1), as a library's migration 0590 makes its own:
 * one per write event and topic, which leave out the writes the declaration calls quiet (a thumbnail's size, a
 * token's last use, the near-duplicate stale note, the search text's copy on `videos`) by the columns an UPDATE sets
 * and by a condition on the row, instead of by a comment the statement begins with. fv_note_change no longer reads
 * the statement; fv_follow_changes gives way to changeTriggers (main/db/schema/change-triggers.ts).
 */
export const migration: PostgresMigration = {
  version: 340,
  name: 'change-triggers',
  up: `
    ${noteChange('CREATE OR REPLACE', `current_setting('framevault.untracked', true) = 'on'`)}
    DROP FUNCTION fv_follow_changes(regclass, text);
    ${FOLLOWED.map(
      (table) => `DROP TRIGGER note_change ON ${table.name};
    DROP TRIGGER log_changes ON ${table.name};
    ${changeTriggers(table, 'postgres', CATALOGUE).join(';\n    ')};`,
    ).join('\n    ')}
  `,
}
