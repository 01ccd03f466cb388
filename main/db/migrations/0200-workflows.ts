import type { Migration } from '../migration'

/**
 * Workflows, their executions, the assets they made and each asset's generation details (issue 10).
 *
 * The four tables keep the seeds' names and columns (not STRICT, JSON as TEXT holding JSON), so a
 * database another tool writes stays readable. What the issue leaves open:
 *
 * - `video_generation` has one row per asset (`video_id` is its primary key): details are added or
 *   replaced whole. `seed` is declared TEXT: generators draw seeds up to 2^64 - 1, which neither a
 *   SQLite INTEGER nor a JS number holds exactly; the decimal text does.
 * - `workflows.id` is ComfyUI's workflow id when the file carries one, else the "sha256:…" canonical
 *   JSON hash of the definition (`definition_hash` is that hash either way, so an edited definition
 *   is seen). `definition` is the JSON as given, in its `format`.
 * - `workflow_executions.id` is TEXT: ComfyUI's prompt ids are UUIDs. Executions die with their workflow.
 * - `workflow_videos`: the asset made (or read) by a node. Deleting a workflow deletes its associations
 *   and executions, never its assets; deleting an asset deletes its associations and generation row (the
 *   trash snapshots them with the asset, see db/repos/asset-snapshot.ts, and the purge drops them).
 *   An execution deleted under an association leaves the association without one (SET NULL).
 *
 * The prompt (not the negative prompt: searching "blurry" must not find every asset whose generator was
 * told to avoid blur) fills the `prompt` column migration 0060 left empty in `videos_fts`, by triggers, so
 * every writer keeps the text index right; each change rewrites one FTS row. Facet counts need no change
 * log entry for it: the facet index reads text matches from the FTS table at every request and keys them by
 * the FTS rowid, which a prompt change does not move.
 */
export const migration: Migration = {
  version: 200,
  name: 'workflows',
  up(db) {
    db.exec(`
      CREATE TABLE workflows (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        description      TEXT,
        status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'saved')),
        definition       TEXT NOT NULL,
        format           TEXT NOT NULL CHECK (format IN ('native', 'comfyui-ui', 'comfyui-api', 'invokeai')),
        definition_hash  TEXT NOT NULL,
        source           TEXT,
        created_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        updated_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        last_executed_at TEXT
      );
      CREATE INDEX workflows_updated_at ON workflows (updated_at, id);
      CREATE INDEX workflows_definition_hash ON workflows (definition_hash);

      CREATE TABLE workflow_executions (
        id             TEXT PRIMARY KEY,
        workflow_id    TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
        status         TEXT NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        started_at     TEXT,
        completed_at   TEXT,
        execution_data TEXT,
        error          TEXT,
        created_at     TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
      );
      -- A workflow's executions newest first: a queued one has not started, so it sorts by when it was queued.
      CREATE INDEX workflow_executions_by_workflow
        ON workflow_executions (workflow_id, coalesce(started_at, created_at), id);

      CREATE TABLE workflow_videos (
        workflow_id  TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
        video_id     TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        node_id      TEXT NOT NULL,
        node_type    TEXT,
        role         TEXT NOT NULL DEFAULT 'output' CHECK (role IN ('output', 'input', 'intermediate')),
        execution_id TEXT REFERENCES workflow_executions (id) ON DELETE SET NULL,
        created_at   TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        PRIMARY KEY (workflow_id, video_id, node_id)
      );
      CREATE INDEX workflow_videos_video ON workflow_videos (video_id);
      CREATE INDEX workflow_videos_execution ON workflow_videos (execution_id) WHERE execution_id IS NOT NULL;

      CREATE TABLE video_generation (
        video_id          TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
        provider          TEXT,
        model             TEXT,
        prompt            TEXT,
        negative_prompt   TEXT,
        seed              TEXT,
        generation_params TEXT,
        job_id            TEXT,
        status            TEXT,
        created_at        TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        completed_at      TEXT
      );

      CREATE TRIGGER video_generation_fts_insert AFTER INSERT ON video_generation BEGIN
        UPDATE videos_fts SET prompt = coalesce(new.prompt, '')
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.video_id);
      END;
      CREATE TRIGGER video_generation_fts_update AFTER UPDATE OF prompt, video_id ON video_generation BEGIN
        UPDATE videos_fts SET prompt = ''
        WHERE old.video_id IS NOT new.video_id
          AND rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = old.video_id);
        UPDATE videos_fts SET prompt = coalesce(new.prompt, '')
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = new.video_id);
      END;
      CREATE TRIGGER video_generation_fts_delete AFTER DELETE ON video_generation BEGIN
        UPDATE videos_fts SET prompt = ''
        WHERE rowid = (SELECT fts_rowid FROM videos_fts_keys WHERE asset_id = old.video_id);
      END;
    `)
  },
}
