import type { Migration } from '../migration'
import { logAsset } from './facet-change-log'

// The facet change log's entries for the members of the stack headed by `head` (an expression): a head that
// leaves (to the trash) or comes back changes whether its members show.
const logMembersOf = (head: string) => `INSERT INTO facet_changes (video_rowid)
  SELECT m.rowid FROM stack_members s CROSS JOIN videos m ON m.id = s.member_id WHERE s.head_id = ${head};`

// Where a video's VideoHelperSuite PNG would be: `<stem>.png` beside it, also for its `<stem>-audio.mp4`. `base` is
// the path up to its last '.' (SQLite's rtrim by the set of every other character; Postgres: a regexp_replace).
// Each video's PNG is looked up by the path index (CROSS JOIN and INDEXED BY: left to itself, the planner walked
// the images by media type for every video).
const BASE = `rtrim(v.original_path, replace(v.original_path, '.', ''))`
const SAME_STEM_PNG = `b.base || 'png'`
const AUDIO_STEM_PNG = `CASE WHEN substr(b.base, -7) = '-audio.' THEN substr(b.base, 1, length(b.base) - 7) || '.png' END`

// The input or output asset of a processing run: by the ids Framevault's runs record, else by the file paths (the
// plugins' rows). Metadata that is not JSON (another tool's) names no id.
const RUN_ASSET = (end: 'input' | 'output') => `coalesce(
  (SELECT id FROM videos WHERE id = CASE WHEN json_valid(p.metadata) THEN json_extract(p.metadata, '$.${end}AssetId') END),
  (SELECT id FROM videos WHERE file_path = p.${end}_path))`

/**
 * Stacks (issue 24 point 12): a clip with its sidecar PNG, proxies and processed versions shows as one card.
 * `stack_members`: each member asset with its stack's head and why it is there. Stacks are flat: a head is
 * never a member (a processed output of a processed output joins the first head). A member's row goes with
 * it (ON DELETE CASCADE, and the trash's snapshot puts it back on undo); a head has no foreign key, so its
 * members' rows outlive it in the trash: while the head is gone its members show as cards of their own, and
 * its restore brings the stack back. Writes reach the facet index through migration 0140's change log,
 * the head's leaving and coming back included.
 * `videos_original_path`: the pairing of a video and its PNG imported in different jobs looks the other up by
 * the path it was imported from.
 * Existing libraries are stacked here: the runs recorded in `processing_jobs` (each output under the first
 * input of its chain, for chains of up to 1,000 runs; a loop of runs has no first input and is left out) and every
 * video's PNG by that path.
 */
export const migration: Migration = {
  version: 310,
  name: 'stacks',
  up(db) {
    db.exec(`
      CREATE TABLE stack_members (
        member_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
        head_id   TEXT NOT NULL,
        reason    TEXT NOT NULL CHECK (reason IN ('sidecar', 'proxy', 'processed')),
        CHECK (member_id <> head_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX stack_members_head ON stack_members (head_id);
      CREATE INDEX videos_original_path ON videos (original_path) WHERE original_path IS NOT NULL;

      CREATE TRIGGER facet_changes_stack_join AFTER INSERT ON stack_members BEGIN
        ${logAsset('new.member_id')}
      END;
      CREATE TRIGGER facet_changes_stack_move AFTER UPDATE ON stack_members BEGIN
        ${logAsset('new.member_id')}
      END;
      CREATE TRIGGER facet_changes_stack_leave AFTER DELETE ON stack_members BEGIN
        ${logAsset('old.member_id')}
      END;
      CREATE TRIGGER facet_changes_stack_head_gone AFTER DELETE ON videos BEGIN
        ${logMembersOf('old.id')}
      END;
      CREATE TRIGGER facet_changes_stack_head_back AFTER INSERT ON videos BEGIN
        ${logMembersOf('new.id')}
      END;

      -- The runs' edges in a table of their own, indexed by output: each step up a chain is one probe.
      CREATE TEMP TABLE run_edges (child TEXT NOT NULL, parent TEXT NOT NULL, action TEXT NOT NULL, ran REAL);
      INSERT INTO run_edges (child, parent, action, ran)
        SELECT child, parent, action, ran FROM (
          SELECT ${RUN_ASSET('output')} AS child, ${RUN_ASSET('input')} AS parent, p.action, p.created_at AS ran
          FROM processing_jobs p)
        WHERE child IS NOT NULL AND parent IS NOT NULL AND child <> parent;
      CREATE INDEX temp.run_edges_child ON run_edges (child);
      WITH RECURSIVE up (member, head, action, ran, depth) AS (
        SELECT child, parent, action, ran, 1 FROM run_edges
        UNION
        SELECT up.member, e.parent, up.action, up.ran, up.depth + 1 FROM up JOIN run_edges e ON e.child = up.head
        WHERE up.depth < 1000
      )
      INSERT INTO stack_members (member_id, head_id, reason)
        SELECT member, head, CASE WHEN action = 'proxy' THEN 'proxy' ELSE 'processed' END FROM up
        WHERE member <> head AND NOT EXISTS (SELECT 1 FROM run_edges e WHERE e.child = up.head)
        ORDER BY ran, member
        ON CONFLICT (member_id) DO NOTHING;
      DROP TABLE temp.run_edges;

      INSERT INTO stack_members (member_id, head_id, reason)
        SELECT i.id, b.id, 'sidecar'
        FROM (SELECT v.id, ${BASE} AS base FROM videos v
              WHERE +v.media_type = 'video' AND v.original_path IS NOT NULL) b
        CROSS JOIN videos i INDEXED BY videos_original_path
        WHERE i.original_path IN (${SAME_STEM_PNG}, ${AUDIO_STEM_PNG})
          AND +i.media_type = 'image' AND i.id <> b.id AND b.base <> ''
          AND NOT EXISTS (SELECT 1 FROM stack_members s WHERE s.head_id = i.id)
        ORDER BY i.original_path = ${SAME_STEM_PNG} DESC, b.id
        ON CONFLICT (member_id) DO NOTHING;

      -- A sidecar paired with a video that is itself a member joins that video's head: stacks stay flat.
      UPDATE stack_members SET head_id = (SELECT s.head_id FROM stack_members s WHERE s.member_id = stack_members.head_id)
        WHERE EXISTS (SELECT 1 FROM stack_members s
                      WHERE s.member_id = stack_members.head_id AND s.head_id <> stack_members.member_id);
    `)
  },
}
