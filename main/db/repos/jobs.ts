import type { Database } from 'better-sqlite3'
import type { JobKind, JobState } from '../../../shared/contract'

/** A job as stored: its state, what it is about and its result, as JSON read back (typed by the runner). */
export interface StoredJob {
  id: string
  kind: JobKind
  state: JobState
  title: string
  assetId: string | null
  params: unknown
  result: unknown
  error: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

/** A job as its runner creates it. */
export interface NewJob {
  id: string
  kind: JobKind
  title: string
  assetId: string | null
  params: unknown
  createdAt: string
  owner: { pid: number; started: string | null }
}

interface JobRow {
  id: string
  kind: JobKind
  state: JobState
  title: string
  asset_id: string | null
  params: string | null
  result: string | null
  error: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
}

/** The `jobs` table (migration 0170): state transitions only, never progress. */
export function createJobsRepo(db: Database) {
  const insertStmt = db.prepare(
    `INSERT INTO jobs (id, kind, state, title, asset_id, params, created_at, owner_pid, owner_started)
     VALUES (@id, @kind, 'queued', @title, @assetId, @params, @createdAt, @ownerPid, @ownerStarted)`,
  )
  const startStmt = db.prepare<[string, string]>(
    "UPDATE jobs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'",
  )
  const finishStmt = db.prepare(
    `UPDATE jobs SET state = @state, finished_at = @finishedAt, error = @error, result = @result
     WHERE id = @id AND state IN ('queued', 'running')`,
  )
  const getStmt = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?')
  const listStmt = db.prepare<{ kind: string | null; assetId: string | null; limit: number }, JobRow>(
    `SELECT * FROM jobs WHERE (@kind IS NULL OR kind = @kind) AND (@assetId IS NULL OR asset_id = @assetId)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  )
  const unfinishedStmt = db.prepare<
    [],
    { id: string; kind: JobKind; owner_pid: number | null; owner_started: string | null }
  >("SELECT id, kind, owner_pid, owner_started FROM jobs WHERE state IN ('queued', 'running')")
  const finish = (id: string, state: JobState, finishedAt: string, error: string | null, result: unknown) =>
    finishStmt.run({ id, state, finishedAt, error, result: result === undefined ? null : JSON.stringify(result) })
  return {
    /** Stores a new job as queued. */
    insert(job: NewJob): void {
      insertStmt.run({
        ...job,
        params: job.params === undefined ? null : JSON.stringify(job.params),
        ownerPid: job.owner.pid,
        ownerStarted: job.owner.started,
      })
    },
    /** Marks a queued job running. */
    start: (id: string, startedAt: string): void => void startStmt.run(startedAt, id),
    /** Ends a queued or running job with its state, error and result (stored as JSON). */
    finish: (id: string, state: JobState, finishedAt: string, error: string | null, result?: unknown): void =>
      void finish(id, state, finishedAt, error, result),
    /** One job; null when there is none. */
    get: (id: string): StoredJob | null => {
      const row = getStmt.get(id)
      return row ? toJob(row) : null
    },
    /** The newest jobs, of one kind or one asset when asked. */
    list: (filter: { kind?: JobKind; assetId?: string; limit: number }): StoredJob[] =>
      listStmt.all({ kind: filter.kind ?? null, assetId: filter.assetId ?? null, limit: filter.limit }).map(toJob),
    /** Fails the unfinished jobs whose owner `isGone` says is gone (with the error `errorOf` gives their kind), in one transaction; returns their ids. */
    failUnfinished(
      finishedAt: string,
      errorOf: (kind: JobKind) => string,
      isGone: (owner: { pid: number | null; started: string | null }) => boolean,
    ): string[] {
      return db.transaction(() => {
        const gone = unfinishedStmt.all().filter((row) => isGone({ pid: row.owner_pid, started: row.owner_started }))
        for (const row of gone) finish(row.id, 'failed', finishedAt, errorOf(row.kind), undefined)
        return gone.map((row) => row.id)
      })()
    },
  }
}
export type JobsRepo = ReturnType<typeof createJobsRepo>

function toJob(row: JobRow): StoredJob {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    assetId: row.asset_id,
    params: row.params === null ? null : (JSON.parse(row.params) as unknown),
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  }
}
