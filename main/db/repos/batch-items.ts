import type { Database } from 'better-sqlite3'
import type { BatchCounts, BatchItem, BatchItemsCursor, BatchOutcome } from '../../../shared/contract'

interface ItemRow {
  seq: number
  asset_id: string
  asset_name: string
  outcome: BatchOutcome
  message: string | null
  analysis_id: number | null
  output_asset_id: string | null
  finished_at: string
}

// What a person looks for first in a batch's outcomes: what went wrong, then what was left out.
const RANK: Record<BatchOutcome, number> = { failed: 0, skipped: 1, ran: 2, cached: 3 }
const OUTCOME_RANK = `CASE outcome WHEN 'failed' THEN 0 WHEN 'skipped' THEN 1 WHEN 'ran' THEN 2 ELSE 3 END`

interface PageParams {
  jobId: string
  outcome: BatchOutcome | null
  rank: number
  seq: number
  limit: number
}

/** The per-asset outcomes of batch jobs (migration 0220), one row written as each asset ends. */
export function createBatchItemsRepo(db: Database) {
  const insertStmt = db.prepare(
    `INSERT INTO batch_items (job_id, seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id, finished_at)
     VALUES (@jobId, @seq, @assetId, @assetName, @outcome, @message, @analysisId, @outputAssetId, @finishedAt)`,
  )
  const countsStmt = db.prepare<[string], BatchCounts>(
    `SELECT COUNT(*) FILTER (WHERE outcome = 'ran') AS ran, COUNT(*) FILTER (WHERE outcome = 'cached') AS cached,
       COUNT(*) FILTER (WHERE outcome = 'failed') AS failed, COUNT(*) FILTER (WHERE outcome = 'skipped') AS skipped
     FROM batch_items WHERE job_id = ?`,
  )
  // Keyset over (outcome rank, seq); a job's rows come from its key, a batch holds at most 10,000.
  const pageStmt = db.prepare<[PageParams], ItemRow>(
    `SELECT seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id, finished_at
     FROM batch_items
     WHERE job_id = @jobId AND (@outcome IS NULL OR outcome = @outcome)
       AND (${OUTCOME_RANK} > @rank OR (${OUTCOME_RANK} = @rank AND seq > @seq))
     ORDER BY ${OUTCOME_RANK}, seq LIMIT @limit`,
  )
  return {
    /** Records what became of one asset of a batch. */
    add(jobId: string, item: BatchItem): void {
      insertStmt.run({ jobId, ...item })
    },
    /** How many of a batch's assets reached each outcome so far. */
    counts: (jobId: string): BatchCounts => countsStmt.get(jobId)!,
    /** A page of a batch's outcomes (only `outcome`'s, if given) after `after`: failures first, then skipped, ran, cached. */
    page(
      jobId: string,
      { outcome, after, limit }: { outcome?: BatchOutcome; after: BatchItemsCursor | null; limit: number },
    ): { items: BatchItem[]; nextCursor: BatchItemsCursor | null } {
      const from = after ? { rank: RANK[after.outcome], seq: after.seq } : { rank: -1, seq: -1 }
      const rows = pageStmt.all({ jobId, outcome: outcome ?? null, ...from, limit: limit + 1 })
      const items = rows.slice(0, limit).map(toItem)
      const last = items.at(-1)
      return { items, nextCursor: rows.length > limit && last ? { outcome: last.outcome, seq: last.seq } : null }
    },
  }
}
export type BatchItemsRepo = ReturnType<typeof createBatchItemsRepo>

function toItem(row: ItemRow): BatchItem {
  return {
    seq: row.seq,
    assetId: row.asset_id,
    assetName: row.asset_name,
    outcome: row.outcome,
    message: row.message,
    analysisId: row.analysis_id,
    outputAssetId: row.output_asset_id,
    finishedAt: row.finished_at,
  }
}
