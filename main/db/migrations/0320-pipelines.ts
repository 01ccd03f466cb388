import type { Migration } from '../migration'

/**
 * Pipelines (issue 19): timelines of frames, the tree of checkpoints of every config try, the stage
 * outputs they share, and the runs that made them. Tables hold JSON as TEXT; frames stay files under
 * `derived/timelines/` (named by `frame_key` through the frame store).
 *
 * - `timelines`: one per (source content, profile, fps). `status` created → cached (frames written,
 *   facts not yet all stored) → ready. The asset it came from may be deleted (SET NULL): the content hash
 *   still names what it shows.
 * - `timeline_frames`: each frame's facts (sequence, chunk, time, PDQ hash and quality) and its store key.
 * - `stage_outputs`: one output per cache key (the stage, its version, the source's content hash, the
 *   keys of the outputs it read and its config hash): two checkpoints on different branches with the same
 *   key share one row. A row no checkpoint refers to is removed with the last checkpoint that did.
 * - `checkpoints`: the tree. A root (no parent, no stage) per timeline; each child carries its parent's
 *   outputs forward (`checkpoint_outputs`, one row per stage: the stage's output key), its stats and config
 *   overrides merged. Deleting a checkpoint deletes its branch (CASCADE). AUTOINCREMENT: a deleted checkpoint's
 *   id is never given again, so a link or a cached view naming it cannot land on another.
 * - `pipeline_runs`: what a pipeline run is beyond its workflow execution (its status, times and error
 *   stay in `workflow_executions`): the asset, the timeline once known, the kind (initial, replay,
 *   retry), the checkpoint a replay started from, the stages and config asked for, the stage it is on.
 */
export const migration: Migration = {
  version: 320,
  name: 'pipelines',
  up(db) {
    db.exec(`
      CREATE TABLE timelines (
        id           INTEGER PRIMARY KEY,
        video_id     TEXT REFERENCES videos (id) ON DELETE SET NULL,
        content_hash TEXT NOT NULL,
        profile      TEXT NOT NULL,
        fps          REAL NOT NULL CHECK (fps > 0),
        config       TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('created', 'cached', 'ready')),
        frame_count  INTEGER NOT NULL DEFAULT 0,
        frame_bytes  INTEGER NOT NULL DEFAULT 0,
        created_at   TEXT NOT NULL,
        UNIQUE (content_hash, profile, fps)
      ) STRICT;
      CREATE INDEX timelines_by_video ON timelines (video_id) WHERE video_id IS NOT NULL;

      CREATE TABLE timeline_frames (
        timeline_id     INTEGER NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
        sequence        INTEGER NOT NULL,
        chunk_id        INTEGER NOT NULL,
        timestamp       REAL NOT NULL,
        frame_key       TEXT NOT NULL,
        perceptual_hash TEXT NOT NULL,
        hash_quality    INTEGER NOT NULL,
        bytes           INTEGER NOT NULL,
        PRIMARY KEY (timeline_id, sequence)
      ) STRICT;

      CREATE TABLE stage_outputs (
        key          TEXT PRIMARY KEY,
        stage        TEXT NOT NULL,
        version      INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        config_hash  TEXT NOT NULL,
        input_keys   TEXT NOT NULL DEFAULT '[]',
        output       TEXT NOT NULL,
        bytes        INTEGER NOT NULL,
        created_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE pipeline_runs (
        execution_id       TEXT PRIMARY KEY REFERENCES workflow_executions (id) ON DELETE CASCADE,
        video_id           TEXT REFERENCES videos (id) ON DELETE SET NULL,
        timeline_id        INTEGER REFERENCES timelines (id) ON DELETE SET NULL,
        kind               TEXT NOT NULL CHECK (kind IN ('initial', 'replay', 'retry')),
        from_checkpoint_id INTEGER,
        stages             TEXT NOT NULL,
        config             TEXT NOT NULL DEFAULT '{}',
        current_stage      TEXT,
        job_id             TEXT,
        created_at         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pipeline_runs_by_video ON pipeline_runs (video_id, created_at) WHERE video_id IS NOT NULL;

      CREATE TABLE checkpoints (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        timeline_id      INTEGER NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
        parent_id        INTEGER REFERENCES checkpoints (id) ON DELETE CASCADE,
        run_id           TEXT REFERENCES workflow_executions (id) ON DELETE SET NULL,
        stage            TEXT,
        stats            TEXT NOT NULL DEFAULT '{}',
        config_overrides TEXT NOT NULL DEFAULT '{}',
        cached           INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
        is_scenario      INTEGER NOT NULL DEFAULT 0 CHECK (is_scenario IN (0, 1)),
        scenario_label   TEXT,
        pinned           INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        created_at       TEXT NOT NULL,
        CHECK ((parent_id IS NULL) = (stage IS NULL))
      ) STRICT;
      CREATE INDEX checkpoints_by_timeline ON checkpoints (timeline_id, id);
      CREATE INDEX checkpoints_by_parent ON checkpoints (parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX checkpoints_by_run ON checkpoints (run_id) WHERE run_id IS NOT NULL;

      CREATE TABLE checkpoint_outputs (
        checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
        stage         TEXT NOT NULL,
        output_key    TEXT NOT NULL REFERENCES stage_outputs (key),
        PRIMARY KEY (checkpoint_id, stage)
      ) STRICT;
      CREATE INDEX checkpoint_outputs_by_key ON checkpoint_outputs (output_key);
    `)
  },
}
