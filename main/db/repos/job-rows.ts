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
  requestedBy: string | null
  /** Who cancelled it, for a job that ended cancelled by a person's cancel. */
  cancelledBy: string | null
  /** The holder's owner id, or the last holder's once it ended; null while it waits. */
  worker: string | null
  attempts: number
}

/** A `jobs` row as either engine returns it. */
export interface JobRow {
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
  requested_by: string | null
  cancelled_by: string | null
  owner_id: string | null
  attempts: number
}

/** A row of `jobs` as the repo hands it out: its JSON read back, its holder as the job's last worker. */
export function toJob(row: JobRow): StoredJob {
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
    requestedBy: row.requested_by,
    // Named while the cancel was asked for: a job that ended otherwise in the meantime was not cancelled by them.
    cancelledBy: row.state === 'cancelled' ? row.cancelled_by : null,
    worker: row.owner_id,
    attempts: row.attempts,
  }
}
