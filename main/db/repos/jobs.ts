import type { JobKind, JobState } from '../../../shared/contract'
import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { toJob, type JobRow, type StoredJob } from './job-rows'

export type { StoredJob } from './job-rows'

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
  /** The runner that runs it; null for a job that waits in the queue for any runner running its kind to claim. */
  holder: JobHolder | null
  /** Who asked for it (the queue takes turns by person); null for work nobody asked for by name. */
  requestedBy?: string | null
}

/** What a cancel of a job held by another process did: ended it (it was waiting), asked its holder, or neither. */
export type CancelAsked = 'cancelled' | 'asked' | 'ended'

/** What a renewal found: the jobs the owner no longer holds, and those some process asked it to cancel. */
export interface Renewed {
  gone: string[]
  cancelled: string[]
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

const UNFINISHED = "state IN ('queued', 'running')"
// A job no runner holds, for one running its kind to claim.
const WAITING = "state = 'queued' AND owner_id IS NULL AND cancel_requested = 0"
const NO_HOLDER = 'owner_id = NULL, owner_host = NULL, owner_pid = NULL, owner_started = NULL, lease_until = 0'
// The holder a write is conditional on: the row is changed only while it still names this owner and lease.
const SAME_HOLDER =
  'owner_id IS NOT DISTINCT FROM ? AND lease_until IS NOT DISTINCT FROM ? AND owner_pid IS NOT DISTINCT FROM ?'
const holderOf = (job: UnfinishedJob) => [job.ownerId, job.leaseUntil, job.pid]
const UNFINISHED_SELECT = `SELECT id, kind, state, owner_id AS "ownerId", owner_host AS "ownerHost", owner_pid AS pid,
    owner_started AS started, lease_until AS "leaseUntil"
  FROM jobs WHERE ${UNFINISHED} ORDER BY id`
// Lease renewals in statements of this many ids at most.
const RENEWED_AT_ONCE = 500

/**
 * The `jobs` table (a library's migrations 0170 and 0370, a hub's 0200), on either engine: state transitions only,
 * never progress. Every write of a running job names its owner, so a process that lost its lease (another took the
 * job over) writes nothing.
 */
export function createJobsRepo(sql: SqlEngine) {
  const changed = async (statement: string, params: SqlValue[]) => (await sql.run(statement, params)).changes > 0
  // A write that returns the row it changed (`RETURNING *`), read as a job; null when it changed none.
  const changedJob = async (statement: string, params: SqlValue[]) => {
    const row = await sql.get<JobRow>(statement, params)
    return row ? toJob(row) : null
  }
  const interrupt = (job: UnfinishedJob, finishedAt: string, error: string, on: SqlEngine = sql) =>
    on
      .run(
        `UPDATE jobs SET state = 'failed', finished_at = ?, error = ? WHERE id = ? AND ${UNFINISHED} AND ${SAME_HOLDER}`,
        [finishedAt, error, job.id, ...holderOf(job)],
      )
      .then((done) => done.changes > 0)
  return {
    /**
     * Stores a new job as queued: held by its runner, or waiting with no holder for a runner to claim. The job as
     * stored.
     */
    async insert(job: NewJob): Promise<StoredJob> {
      const { holder } = job
      const row = await sql.get<JobRow>(
        `INSERT INTO jobs (id, kind, state, title, asset_id, params, created_at, owner_pid, owner_started, owner_id,
           owner_host, lease_until, requested_by)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          job.id,
          job.kind,
          job.title,
          job.assetId,
          job.params === undefined ? null : JSON.stringify(job.params),
          job.createdAt,
          holder?.pid ?? null,
          holder?.started ?? null,
          holder?.id ?? null,
          holder?.host ?? null,
          holder?.leaseUntil ?? 0,
          job.requestedBy ?? null,
        ],
      )
      return toJob(row!)
    },
    /** Marks a queued job running, if `ownerId` still holds it: the job as it is now, or null when it did not. */
    start: (id: string, startedAt: string, ownerId: string): Promise<StoredJob | null> =>
      changedJob(
        `UPDATE jobs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued' AND owner_id = ? RETURNING *`,
        [startedAt, id, ownerId],
      ),
    /**
     * Ends a queued or running job with its state, error and result (stored as JSON); with `ownerId`, only while
     * that owner holds it. The job as it ended, or null when it did not.
     */
    finish(
      id: string,
      state: JobState,
      finishedAt: string,
      error: string | null,
      result?: unknown,
      ownerId?: string,
    ): Promise<StoredJob | null> {
      const stored = result === undefined ? null : JSON.stringify(result)
      const held = ownerId === undefined ? '' : ' AND owner_id = ?'
      return changedJob(
        `UPDATE jobs SET state = ?, finished_at = ?, error = ?, result = ? WHERE id = ? AND ${UNFINISHED}${held} RETURNING *`,
        [state, finishedAt, error, stored, id, ...(ownerId === undefined ? [] : [ownerId])],
      )
    },
    /** Extends `ownerId`'s lease on each of `ids` to `until`: the ids it no longer holds, and those to cancel. */
    async renew(ids: readonly string[], ownerId: string, until: number): Promise<Renewed> {
      const held = new Set<string>()
      const cancelled: string[] = []
      for (let at = 0; at < ids.length; at += RENEWED_AT_ONCE) {
        const batch = ids.slice(at, at + RENEWED_AT_ONCE)
        const renewed = await sql.all<{ id: string; cancel: number }>(
          `UPDATE jobs SET lease_until = ? WHERE owner_id = ? AND ${UNFINISHED}
             AND id IN (${batch.map(() => '?').join(', ')}) RETURNING id, cancel_requested AS cancel`,
          [until, ownerId, ...batch],
        )
        for (const { id, cancel } of renewed) {
          held.add(id)
          if (cancel) cancelled.push(id)
        }
      }
      return { gone: ids.filter((id) => !held.has(id)), cancelled }
    },
    /** Fails the unfinished jobs whose owner `isGone` says is gone (with the error `errorOf` gives their kind), in one transaction; returns their ids. */
    failUnfinished(
      finishedAt: string,
      errorOf: (kind: JobKind) => string,
      isGone: (owner: { pid: number | null; started: string | null }) => boolean,
    ): Promise<string[]> {
      return sql.transaction(async (tx) => {
        const gone = (await tx.all<UnfinishedJob>(UNFINISHED_SELECT)).filter((job) => isGone(job))
        for (const job of gone) await interrupt(job, finishedAt, errorOf(job.kind), tx)
        return gone.map((job) => job.id)
      })
    },
    /** Every queued or running job with its holder. */
    unfinished: (): Promise<UnfinishedJob[]> => sql.all<UnfinishedJob>(UNFINISHED_SELECT),
    /** Fails an unfinished job as interrupted, if it is still held as `job` says; whether it did. */
    interrupt: (job: UnfinishedJob, finishedAt: string, error: string): Promise<boolean> =>
      interrupt(job, finishedAt, error),
    /**
     * Takes a job over for `holder`, queued again, if it is still held as `job` says: one conditional update,
     * so of several processes claiming it at once exactly one gets it. Whether this one did.
     */
    claim: (job: UnfinishedJob, holder: JobHolder): Promise<boolean> =>
      changed(
        `UPDATE jobs SET state = 'queued', started_at = NULL, owner_id = ?, owner_host = ?, owner_pid = ?,
           owner_started = ?, lease_until = ?
         WHERE id = ? AND ${UNFINISHED} AND ${SAME_HOLDER}`,
        [holder.id, holder.host, holder.pid, holder.started, holder.leaseUntil, job.id, ...holderOf(job)],
      ),
    /**
     * Gives a job `ownerId` holds up: queued, with no holder and a lease run out, for any process to take over; the
     * claim it came with is not counted against it. A job some process asked to cancel ends cancelled (at `at`)
     * instead. Whether it held the job.
     */
    release: (id: string, ownerId: string, at: string): Promise<boolean> =>
      changed(
        `UPDATE jobs SET started_at = NULL, ${NO_HOLDER},
           attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
           state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,
           finished_at = CASE WHEN cancel_requested = 1 THEN ? ELSE NULL END
         WHERE id = ? AND owner_id = ? AND ${UNFINISHED}`,
        [at, id, ownerId],
      ),
    /**
     * Claims the next waiting job of one of `kinds` for `holder` (queued, held; its attempts counted): of the people
     * with a job waiting, the one with the fewest jobs held now goes first, then the one who has waited longest; of
     * theirs, the oldest. On PostgreSQL the row is locked and rows other claims hold are passed over (SKIP LOCKED),
     * so claims at once take different jobs. The job as claimed, or null when none waits.
     */
    async claimNext(holder: JobHolder, kinds: readonly JobKind[]): Promise<StoredJob | null> {
      if (kinds.length === 0) return null
      const ofKinds = `kind IN (${kinds.map(() => '?').join(', ')})`
      const turn = await sql.get<{ person: string | null }>(
        `SELECT requested_by AS person FROM jobs w WHERE ${WAITING} AND ${ofKinds}
         GROUP BY requested_by
         ORDER BY (SELECT count(*) FROM jobs h WHERE h.owner_id IS NOT NULL AND h.${UNFINISHED}
                     AND h.requested_by IS NOT DISTINCT FROM w.requested_by),
                  min(created_at)
         LIMIT 1`,
        kinds,
      )
      if (!turn) return null
      const locked = sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''
      return changedJob(
        `UPDATE jobs SET owner_id = ?, owner_host = ?, owner_pid = ?, owner_started = ?, lease_until = ?,
           attempts = attempts + 1
         WHERE id = (SELECT id FROM jobs WHERE ${WAITING} AND ${ofKinds} AND requested_by IS NOT DISTINCT FROM ?
                     ORDER BY created_at, id LIMIT 1${locked})
           AND ${WAITING}
         RETURNING *`,
        [holder.id, holder.host, holder.pid, holder.started, holder.leaseUntil, ...kinds, turn.person],
      )
    },
    /**
     * A job whose holder lost it, if still held as `job` says: cancelled when some process asked for that, else
     * waiting again with `error` as its last (for any runner to claim) while it was claimed fewer than `attempts`
     * times, else failed with `failure`. Which, or null when it was not held so any more.
     */
    async requeue(
      job: UnfinishedJob,
      at: string,
      words: { error: string; failure: string },
      attempts: number,
    ): Promise<'queued' | 'failed' | 'cancelled' | null> {
      if (
        await changed(
          `UPDATE jobs SET state = 'cancelled', finished_at = ?
           WHERE id = ? AND ${UNFINISHED} AND ${SAME_HOLDER} AND cancel_requested = 1`,
          [at, job.id, ...holderOf(job)],
        )
      )
        return 'cancelled'
      if (
        await changed(
          `UPDATE jobs SET state = 'queued', started_at = NULL, ${NO_HOLDER}, error = ?
           WHERE id = ? AND ${UNFINISHED} AND ${SAME_HOLDER} AND attempts < ?`,
          [words.error, job.id, ...holderOf(job), attempts],
        )
      )
        return 'queued'
      return (await interrupt(job, at, words.failure)) ? 'failed' : null
    },
    /**
     * Cancels a job another process may hold, naming who asked (`by`): one waiting ends cancelled at once; one held
     * is marked for its holder to stop at its next beat. `ended` when it had ended already (or there is none).
     */
    async requestCancel(id: string, at: string, by: string | null = null): Promise<CancelAsked> {
      if (
        await changed(
          `UPDATE jobs SET state = 'cancelled', finished_at = ?, cancelled_by = ? WHERE id = ? AND ${WAITING}`,
          [at, by, id],
        )
      )
        return 'cancelled'
      return (await changed(`UPDATE jobs SET cancel_requested = 1, cancelled_by = ? WHERE id = ? AND ${UNFINISHED}`, [
        by,
        id,
      ]))
        ? 'asked'
        : 'ended'
    },
    /**
     * Names who asks to cancel an unfinished job this process holds, before it is stopped (its holder's own ending
     * stores the state); changes nothing a client shows until the job ends, so untracked.
     */
    nameCanceller: async (id: string, by: string): Promise<void> => {
      await sql.run(`UPDATE jobs SET cancelled_by = ? WHERE id = ? AND ${UNFINISHED}`, [by, id])
    },
    /**
     * Queues a failed or cancelled job again as it was asked for (its parameters), its error, result and attempts
     * cleared: held by `holder`, or waiting for any runner (null). Whether it was one that had ended so.
     */
    retry: (id: string, holder: JobHolder | null): Promise<boolean> =>
      changed(
        `UPDATE jobs SET state = 'queued', started_at = NULL, finished_at = NULL, error = NULL, result = NULL,
           attempts = 0, cancel_requested = 0, cancelled_by = NULL, owner_id = ?, owner_host = ?, owner_pid = ?, owner_started = ?,
           lease_until = ?
         WHERE id = ? AND state IN ('failed', 'cancelled')`,
        [
          holder?.id ?? null,
          holder?.host ?? null,
          holder?.pid ?? null,
          holder?.started ?? null,
          holder?.leaseUntil ?? 0,
          id,
        ],
      ),
    /**
     * Replaces the result of an ended job (a batch whose assets' jobs were retried since), stored as JSON; the job's
     * own event tells of it, so untracked. Whether it had ended.
     */
    amendResult: (id: string, result: unknown): Promise<boolean> =>
      changed(`UPDATE jobs SET result = ? WHERE id = ? AND state IN ('done', 'failed', 'cancelled')`, [
        JSON.stringify(result),
        id,
      ]),
    /** Which of `ids` are jobs still queued or running. */
    async unfinishedOf(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set()
      const rows = await sql.all<{ id: string }>(
        `SELECT id FROM jobs WHERE ${UNFINISHED} AND id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )
      return new Set(rows.map((row) => row.id))
    },
    /** How many jobs wait for a runner to claim them. */
    waiting: async (): Promise<number> =>
      (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM jobs WHERE ${WAITING}`))!.n,
    /** One job; null when there is none. */
    get: async (id: string): Promise<StoredJob | null> => {
      const row = await sql.get<JobRow>('SELECT * FROM jobs WHERE id = ?', [id])
      return row ? toJob(row) : null
    },
    /** The jobs of `ids` there are, in no order. */
    many: async (ids: readonly string[]): Promise<StoredJob[]> =>
      ids.length === 0
        ? []
        : (await sql.all<JobRow>(`SELECT * FROM jobs WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)).map(toJob),
    /** The newest jobs, of one kind or one asset when asked. */
    async list(filter: { kind?: JobKind; assetId?: string; limit: number }): Promise<StoredJob[]> {
      const tests: Array<[string, SqlValue]> = []
      if (filter.kind !== undefined) tests.push(['kind = ?', filter.kind])
      if (filter.assetId !== undefined) tests.push(['asset_id = ?', filter.assetId])
      const where = tests.length ? `WHERE ${tests.map(([test]) => test).join(' AND ')}` : ''
      const rows = await sql.all<JobRow>(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, [
        ...tests.map(([, value]) => value),
        filter.limit,
      ])
      return rows.map(toJob)
    },
  }
}
export type JobsRepo = ReturnType<typeof createJobsRepo>
