import type { Migration } from '../migration'

// What an import stored in its own columns, as an import job's params and result (see ImportParams, ImportResult).
const PARAMS = `json_object('source', source, 'link', json(CASE link WHEN 1 THEN 'true' ELSE 'false' END),
  'importedBy', imported_by)`
const OUTCOMES = (outcome: string) =>
  `(SELECT COUNT(*) FROM import_items i WHERE i.job_id = import_jobs.id AND i.outcome = '${outcome}')`
// A job that ended before migration 0050 or failed outside its files has no stored figures: its outcomes tell them.
const RESULT = `json_object(
  'files', json_object('done', COALESCE(files_done, (SELECT COUNT(*) FROM import_items i WHERE i.job_id = import_jobs.id)),
    'total', files_total),
  'bytes', json_object('done', COALESCE(bytes_done,
      (SELECT COALESCE(SUM(i.size_bytes), 0) FROM import_items i WHERE i.job_id = import_jobs.id)),
    'total', bytes_total),
  'counts', json_object('imported', ${OUTCOMES('imported')}, 'duplicate', ${OUTCOMES('duplicate')},
    'failed', ${OUTCOMES('failed')}))`
const TITLE = `CASE WHEN source = 'upload' THEN 'Import of uploaded files'
  WHEN link = 1 THEN 'Import of linked files' ELSE 'Import of files' END`

/**
 * Imports become jobs of kind `import` on the one job runner: every import_jobs row moves into
 * `jobs` with its state, times, owner and error, its source, link and importer as params, and for
 * an ended import its figures and outcome counts as result (an unfinished one keeps no result: the
 * runner fails it as interrupted, and its outcomes tell what it got through). `import_items` keeps
 * every per-file outcome, now keyed to `jobs`. An index on (kind, created_at) answers "the newest
 * imports" without walking the other kinds.
 */
export const migration: Migration = {
  version: 210,
  name: 'imports-as-jobs',
  up(db) {
    db.exec(`
      INSERT INTO jobs (id, kind, state, title, asset_id, params, result, error, created_at, started_at,
                        finished_at, owner_pid, owner_started)
      SELECT id, 'import', state, ${TITLE}, NULL, ${PARAMS},
             CASE WHEN state IN ('done', 'failed', 'cancelled') THEN ${RESULT} END,
             error, created_at, started_at, finished_at, owner_pid, owner_started
      FROM import_jobs;

      CREATE TABLE import_outcomes (
        job_id        TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        path          TEXT NOT NULL,
        name          TEXT NOT NULL,
        size_bytes    INTEGER,
        outcome       TEXT NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'failed')),
        asset_id      TEXT,
        reason        TEXT,
        finished_at   TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT;
      INSERT INTO import_outcomes (job_id, seq, path, name, size_bytes, outcome, asset_id, reason, finished_at)
        SELECT job_id, seq, path, name, size_bytes, outcome, asset_id, reason, finished_at FROM import_items;
      -- The items go first: dropping import_jobs with foreign keys on would cascade into them.
      DROP TABLE import_items;
      DROP TABLE import_jobs;
      ALTER TABLE import_outcomes RENAME TO import_items;
      CREATE INDEX import_items_outcome ON import_items (job_id, outcome);
      CREATE INDEX import_items_asset ON import_items (asset_id, outcome) WHERE asset_id IS NOT NULL;
      CREATE INDEX jobs_kind ON jobs (kind, created_at);
    `)
  },
}
