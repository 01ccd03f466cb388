import type { Database } from 'better-sqlite3'
import type { BatchItem, BatchItemsCursor, BatchOutcome } from '../../../shared/contract'
import { outcomeRankSql, pageOf, pageStart, type OutcomePageParams } from './outcome-pages'

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
const OUTCOME_RANK = outcomeRankSql(RANK, 'outcome')

/** The per-asset outcomes of batch jobs (migration 0220), one row written as each asset ends. */
export function createBatchItemsRepo(db: Database) {
  const insertStmt = db.prepare(
    `INSERT INTO batch_items (job_id, seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id, finished_at)
     VALUES (@jobId, @seq, @assetId, @assetName, @outcome, @message, @analysisId, @outputAssetId, @finishedAt)`,
  )
  // Keyset over (outcome rank, seq); a job's rows come from its key, a batch holds at most 10,000.
  const pageStmt = db.prepare<[OutcomePageParams<BatchOutcome>], ItemRow>(
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
    /** A page of a batch's outcomes (only `outcome`'s, if given) after `after`: failures first, then skipped, ran, cached. */
    page(
      jobId: string,
      { outcome, after, limit }: { outcome?: BatchOutcome; after: BatchItemsCursor | null; limit: number },
    ): { items: BatchItem[]; nextCursor: BatchItemsCursor | null } {
      const rows = pageStmt.all({ jobId, outcome: outcome ?? null, ...pageStart(RANK, after), limit: limit + 1 })
      const { items, next } = pageOf(rows, limit, toItem)
      return { items, nextCursor: next }
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
