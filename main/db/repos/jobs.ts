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

/** Who holds a job: its lease owner (id, host, pid and start time) and the lease's expiry (epoch ms). */
export interface JobHolder {
  id: string
  host: string
  pid: number
  started: string | null
  leaseUntil: number
}

/** A job as its runner creates it. */
export interface NewJob {
  id: string
  kind: JobKind
  title: string
  assetId: string | null
  params: unknown
  createdAt: string
  holder: JobHolder
}

/** An unfinished job's holder as stored (rows older than leases have a pid alone). */
export interface UnfinishedJob {
  id: string
  kind: JobKind
  state: 'queued' | 'running'
  ownerId: string | null
  ownerHost: string | null
  pid: number | null
  started: string | null
  leaseUntil: number | null
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

// The holder a write is conditional on: the row is changed only while it still names this owner and lease.
const SAME_HOLDER = 'owner_id IS @ownerId AND lease_until IS @leaseUntil AND owner_pid IS @pid'

/**
 * The `jobs` table (migrations 0170, 0370): state transitions only, never progress. Every write of a running
 * job names its owner, so a process that lost its lease (another took the job over) writes nothing.
 */
export function createJobsRepo(db: Database) {
  const insertStmt = db.prepare(
    `INSERT INTO jobs (id, kind, state, title, asset_id, params, created_at, owner_pid, owner_started, owner_id, owner_host, lease_until)
     VALUES (@id, @kind, 'queued', @title, @assetId, @params, @createdAt, @pid, @started, @ownerId, @host, @leaseUntil)`,
  )
  const startStmt = db.prepare<[string, string, string]>(
    "UPDATE jobs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued' AND owner_id = ?",
  )
  const finishStmt = db.prepare(
    `UPDATE jobs SET state = @state, finished_at = @finishedAt, error = @error, result = @result
     WHERE id = @id AND state IN ('queued', 'running') AND (@ownerId IS NULL OR owner_id = @ownerId)`,
  )
  const renewStmt = db.prepare<[number, string, string]>(
    "UPDATE jobs SET lease_until = ? WHERE id = ? AND owner_id = ? AND state IN ('queued', 'running')",
  )
  const interruptStmt = db.prepare(
    `UPDATE jobs SET state = 'failed', finished_at = @finishedAt, error = @error
     WHERE id = @id AND state IN ('queued', 'running') AND ${SAME_HOLDER}`,
  )
  const claimStmt = db.prepare(
    `UPDATE jobs SET state = 'queued', started_at = NULL, owner_id = @newId, owner_host = @newHost,
       owner_pid = @newPid, owner_started = @newStarted, lease_until = @newLease
     WHERE id = @id AND state IN ('queued', 'running') AND ${SAME_HOLDER}`,
  )
  const releaseStmt = db.prepare<[string, string]>(
    `UPDATE jobs SET state = 'queued', started_at = NULL, owner_id = NULL, owner_host = NULL, owner_pid = NULL,
       owner_started = NULL, lease_until = 0
     WHERE id = ? AND owner_id = ? AND state IN ('queued', 'running')`,
  )
  const getStmt = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?')
  const listStmt = db.prepare<{ kind: string | null; assetId: string | null; limit: number }, JobRow>(
    `SELECT * FROM jobs WHERE (@kind IS NULL OR kind = @kind) AND (@assetId IS NULL OR asset_id = @assetId)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  )
  const unfinishedStmt = db.prepare<[], UnfinishedJob>(
    `SELECT id, kind, state, owner_id AS ownerId, owner_host AS ownerHost, owner_pid AS pid,
       owner_started AS started, lease_until AS leaseUntil
     FROM jobs WHERE state IN ('queued', 'running')`,
  )
  const holderOf = (job: UnfinishedJob) => ({ ownerId: job.ownerId, leaseUntil: job.leaseUntil, pid: job.pid })
  return {
    /** Stores a new job as queued, held by its runner. */
    insert(job: NewJob): void {
      const { holder } = job
      insertStmt.run({
        ...job,
        params: job.params === undefined ? null : JSON.stringify(job.params),
        pid: holder.pid,
        started: holder.started,
        ownerId: holder.id,
        host: holder.host,
        leaseUntil: holder.leaseUntil,
      })
    },
    /** Marks a queued job running, if `ownerId` still holds it; whether it did. */
    start: (id: string, startedAt: string, ownerId: string): boolean =>
      startStmt.run(startedAt, id, ownerId).changes > 0,
    /**
     * Ends a queued or running job with its state, error and result (stored as JSON); with `ownerId`, only while
     * that owner holds it. Whether it did.
     */
    finish(
      id: string,
      state: JobState,
      finishedAt: string,
      error: string | null,
      result?: unknown,
      ownerId?: string,
    ): boolean {
      const stored = result === undefined ? null : JSON.stringify(result)
      return finishStmt.run({ id, state, finishedAt, error, result: stored, ownerId: ownerId ?? null }).changes > 0
    },
    /** Extends `ownerId`'s lease on each of `ids` to `until`; the ids it no longer holds. */
    renew(ids: readonly string[], ownerId: string, until: number): string[] {
      return db.transaction(() => ids.filter((id) => renewStmt.run(until, id, ownerId).changes === 0))()
    },
    /** Fails the unfinished jobs whose owner `isGone` says is gone (with the error `errorOf` gives their kind), in one transaction; returns their ids. */
    failUnfinished(
      finishedAt: string,
      errorOf: (kind: JobKind) => string,
      isGone: (owner: { pid: number | null; started: string | null }) => boolean,
    ): string[] {
      return db.transaction(() => {
        const gone = unfinishedStmt.all().filter((job) => isGone(job))
        for (const job of gone)
          interruptStmt.run({ id: job.id, finishedAt, error: errorOf(job.kind), ...holderOf(job) })
        return gone.map((job) => job.id)
      })()
    },
    /** Every queued or running job with its holder. */
    unfinished: (): UnfinishedJob[] => unfinishedStmt.all(),
    /** Fails an unfinished job as interrupted, if it is still held as `job` says; whether it did. */
    interrupt: (job: UnfinishedJob, finishedAt: string, error: string): boolean =>
      interruptStmt.run({ id: job.id, finishedAt, error, ...holderOf(job) }).changes > 0,
    /**
     * Takes a job over for `holder`, queued again, if it is still held as `job` says: one conditional update,
     * so of several processes claiming it at once exactly one gets it. Whether this one did.
     */
    claim(job: UnfinishedJob, holder: JobHolder): boolean {
      const taken = claimStmt.run({
        id: job.id,
        ...holderOf(job),
        newId: holder.id,
        newHost: holder.host,
        newPid: holder.pid,
        newStarted: holder.started,
        newLease: holder.leaseUntil,
      })
      return taken.changes > 0
    },
    /** Gives a job `ownerId` holds up: queued, with no holder and a lease run out, for any process to take over. */
    release(id: string, ownerId: string): boolean {
      return releaseStmt.run(id, ownerId).changes > 0
    },
    /** Whether the database is still open (a runner stops renewing once it is not). */
    isOpen: (): boolean => db.open,
    /** One job; null when there is none. */
    get: (id: string): StoredJob | null => {
      const row = getStmt.get(id)
      return row ? toJob(row) : null
    },
    /** The newest jobs, of one kind or one asset when asked. */
    list: (filter: { kind?: JobKind; assetId?: string; limit: number }): StoredJob[] =>
      listStmt.all({ kind: filter.kind ?? null, assetId: filter.assetId ?? null, limit: filter.limit }).map(toJob),
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
