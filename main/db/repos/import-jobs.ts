import type { Database } from 'better-sqlite3'
import type { ImportItem, ImportJob, ImportJobState } from '../../../shared/contract'
import type { ImportItemsCursor, ImportOutcome } from '../../../shared/contract/import-items'

interface JobRow {
  id: string
  state: ImportJobState
  source: ImportJob['source']
  link: number
  imported_by: string
  created_at: string
  started_at: string | null
  finished_at: string | null
  files_total: number | null
  bytes_total: number | null
  files_done: number | null
  bytes_done: number | null
  error: string | null
  imported: number
  duplicate: number
  failed: number
}

interface ItemRow {
  seq: number
  path: string
  name: string
  size_bytes: number | null
  outcome: ImportItem['outcome']
  reason: string | null
  asset_id: string | null
  asset_name: string | null
  asset_path: string | null
}

/** A new job as the importer creates it. */
export interface NewImportJob {
  id: string
  source: ImportJob['source']
  link: boolean
  importedBy: string
  createdAt: string
  /** The process that runs the job; see ProcessOwner. */
  owner: { pid: number; started: string | null }
}

/** An unfinished job and the process that owns it (null on rows older than owners). */
export interface UnfinishedJob {
  id: string
  ownerPid: number | null
  ownerStarted: string | null
}

/** A finished file of a job; `assetId` is the new asset or the one it duplicates. */
export interface NewImportItem {
  seq: number
  path: string
  name: string
  sizeBytes: number | null
  outcome: ImportItem['outcome']
  assetId: string | null
  reason: string | null
}

const JOB_COLUMNS = `j.*,
  (SELECT COUNT(*) FROM import_items i WHERE i.job_id = j.id AND i.outcome = 'imported') AS imported,
  (SELECT COUNT(*) FROM import_items i WHERE i.job_id = j.id AND i.outcome = 'duplicate') AS duplicate,
  (SELECT COUNT(*) FROM import_items i WHERE i.job_id = j.id AND i.outcome = 'failed') AS failed`

// A job whose process died has no stored figures: its recorded outcomes tell what it got through.
const DONE_FROM_ITEMS = `files_done = (SELECT COUNT(*) FROM import_items i WHERE i.job_id = import_jobs.id),
  bytes_done = (SELECT COALESCE(SUM(i.size_bytes), 0) FROM import_items i WHERE i.job_id = import_jobs.id)`

// An outcome names its asset (the new one, or the one it duplicates) by the asset's current name and path.
const ITEM_SELECT = `SELECT i.seq, i.path, i.name, i.size_bytes, i.outcome, i.reason, i.asset_id,
    v.name AS asset_name, v.file_path AS asset_path
  FROM import_items i LEFT JOIN videos v ON v.id = i.asset_id`

// What a person looks for first in a job's file list: what went wrong, then what was skipped.
const RANK: Record<ImportOutcome, number> = { failed: 0, duplicate: 1, imported: 2 }
const OUTCOME_RANK = `CASE i.outcome WHEN 'failed' THEN 0 WHEN 'duplicate' THEN 1 ELSE 2 END`

interface ItemPageParams {
  jobId: string
  outcome: ImportOutcome | null
  rank: number
  seq: number
  limit: number
}

/** Import jobs and their per-file outcomes; only state transitions and finished files are written. */
export function createImportJobsRepo(db: Database) {
  const insertJob = db.prepare(
    `INSERT INTO import_jobs (id, state, source, link, imported_by, created_at, owner_pid, owner_started)
     VALUES (@id, 'queued', @source, @link, @importedBy, @createdAt, @ownerPid, @ownerStarted)`,
  )
  const startStmt = db.prepare<[string, string]>(
    "UPDATE import_jobs SET state = 'running', started_at = ? WHERE id = ?",
  )
  const totalsStmt = db.prepare<[number, number, string]>(
    'UPDATE import_jobs SET files_total = ?, bytes_total = ? WHERE id = ?',
  )
  const finishStmt = db.prepare<[ImportJobState, string, string | null, number | null, number | null, string]>(
    'UPDATE import_jobs SET state = ?, finished_at = ?, error = ?, files_done = ?, bytes_done = ? WHERE id = ?',
  )
  const unfinishedStmt = db.prepare<[], UnfinishedJob>(
    `SELECT id, owner_pid AS ownerPid, owner_started AS ownerStarted
     FROM import_jobs WHERE state IN ('queued', 'running')`,
  )
  const interruptStmt = db.prepare<[string, string, string]>(
    `UPDATE import_jobs SET state = 'failed', finished_at = ?, error = ?, ${DONE_FROM_ITEMS}
     WHERE id = ? AND state IN ('queued', 'running')`,
  )
  const insertItem = db.prepare(
    `INSERT INTO import_items (job_id, seq, path, name, size_bytes, outcome, asset_id, reason, finished_at)
     VALUES (@jobId, @seq, @path, @name, @sizeBytes, @outcome, @assetId, @reason, @finishedAt)`,
  )
  const getStmt = db.prepare<[string], JobRow>(`SELECT ${JOB_COLUMNS} FROM import_jobs j WHERE j.id = ?`)
  const listStmt = db.prepare<[number], JobRow>(
    `SELECT ${JOB_COLUMNS} FROM import_jobs j ORDER BY j.created_at DESC, j.id DESC LIMIT ?`,
  )
  const itemsStmt = db.prepare<[string], ItemRow>(`${ITEM_SELECT} WHERE i.job_id = ? ORDER BY i.seq`)
  // Keyset over (outcome rank, seq); the job's rows come from the (job_id, seq) key, a job holds at most 10,000.
  const pageStmt = db.prepare<[ItemPageParams], ItemRow>(
    `${ITEM_SELECT}
     WHERE i.job_id = @jobId AND (@outcome IS NULL OR i.outcome = @outcome)
       AND (${OUTCOME_RANK} > @rank OR (${OUTCOME_RANK} = @rank AND i.seq > @seq))
     ORDER BY ${OUTCOME_RANK}, i.seq LIMIT @limit`,
  )
  const itemStmt = db.prepare<[string, number], ItemRow>(`${ITEM_SELECT} WHERE i.job_id = ? AND i.seq = ?`)

  return {
    create({ owner, ...job }: NewImportJob): void {
      insertJob.run({ ...job, link: job.link ? 1 : 0, ownerPid: owner.pid, ownerStarted: owner.started })
    },
    start(id: string, at: string): void {
      startStmt.run(at, id)
    },
    setTotals(id: string, files: number, bytes: number): void {
      totalsStmt.run(files, bytes, id)
    },
    /** Ends a job; `done` is what it got through (files with an outcome and their bytes), null when unknown. */
    finish(
      id: string,
      state: Exclude<ImportJobState, 'queued' | 'running'>,
      at: string,
      error: string | null,
      done: { files: number; bytes: number } | null,
    ): void {
      finishStmt.run(state, at, error, done?.files ?? null, done?.bytes ?? null, id)
    },
    /** Marks the unfinished jobs whose owner `isGone` says has stopped as failed; returns how many. */
    failUnfinished(at: string, error: string, isGone: (job: UnfinishedJob) => boolean): number {
      // One write transaction, so a job another process finishes meanwhile is not overwritten.
      return db
        .transaction(() =>
          unfinishedStmt
            .all()
            .filter(isGone)
            .reduce((count, job) => count + interruptStmt.run(at, error, job.id).changes, 0),
        )
        .immediate()
    },
    addItem(jobId: string, item: NewImportItem, at: string): void {
      insertItem.run({ jobId, ...item, finishedAt: at })
    },
    get(id: string): ImportJob | undefined {
      const row = getStmt.get(id)
      return row && toJob(row)
    },
    list(limit: number): ImportJob[] {
      return listStmt.all(limit).map(toJob)
    },
    items(jobId: string): ImportItem[] {
      return itemsStmt.all(jobId).map(toItem)
    },
    /**
     * A page of a job's outcomes (only `outcome`'s, if given) after `after`: failures first, then
     * duplicates, then imported files, each in file order; `next` is where the following page starts.
     */
    itemsPage(
      jobId: string,
      { outcome, after, limit }: { outcome?: ImportOutcome; after: ImportItemsCursor | null; limit: number },
    ): { items: ImportItem[]; next: ImportItemsCursor | null } {
      const from = after ? { rank: RANK[after.outcome], seq: after.seq } : { rank: -1, seq: -1 }
      const rows = pageStmt.all({ jobId, outcome: outcome ?? null, ...from, limit: limit + 1 })
      const items = rows.slice(0, limit).map(toItem)
      const last = items.at(-1)
      return { items, next: rows.length > limit && last ? { outcome: last.outcome, seq: last.seq } : null }
    },
    item(jobId: string, seq: number): ImportItem | undefined {
      const row = itemStmt.get(jobId, seq)
      return row && toItem(row)
    },
  }
}
export type ImportJobsRepo = ReturnType<typeof createImportJobsRepo>

function toJob(row: JobRow): ImportJob {
  return {
    id: row.id,
    state: row.state,
    source: row.source,
    link: row.link === 1,
    importedBy: row.imported_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    filesTotal: row.files_total,
    bytesTotal: row.bytes_total,
    filesDone: row.files_done,
    bytesDone: row.bytes_done,
    counts: { imported: row.imported, duplicate: row.duplicate, failed: row.failed },
    error: row.error,
  }
}

function toItem(row: ItemRow): ImportItem {
  const asset =
    row.asset_id && row.asset_name !== null && row.asset_path !== null
      ? { id: row.asset_id, name: row.asset_name, filePath: row.asset_path }
      : null
  return {
    seq: row.seq,
    path: row.path,
    name: row.name,
    sizeBytes: row.size_bytes,
    outcome: row.outcome,
    asset,
    reason: row.reason,
  }
}
