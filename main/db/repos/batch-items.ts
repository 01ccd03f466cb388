import type { BatchItem, BatchItemsCursor, BatchOutcome } from '../../../shared/contract'
import type { SqlEngine } from '../sql/sql-engine'
import { outcomePage, pageOf } from './outcome-pages'

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

// What a person looks for first in a batch's outcomes: what went wrong, what someone stopped, what was left out.
const RANK: Record<BatchOutcome, number> = { failed: 0, cancelled: 1, skipped: 2, ran: 3, cached: 4 }

/** The per-asset outcomes of batch jobs (a library's migration 0220, a hub's 0200), one row written as each asset ends. */
export function createBatchItemsRepo(sql: SqlEngine) {
  return {
    /** Records what became of one asset of a batch. */
    async add(jobId: string, item: BatchItem): Promise<void> {
      await sql.run(
        `INSERT INTO batch_items (job_id, seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id,
           finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          jobId,
          item.seq,
          item.assetId,
          item.assetName,
          item.outcome,
          item.message,
          item.analysisId,
          item.outputAssetId,
          item.finishedAt,
        ],
      )
    },
    /**
     * A page of a batch's outcomes (only `outcome`'s, if given) after `after`: failures first, then cancelled,
     * skipped, ran, cached. Keyset over (outcome rank, seq); a job's rows come from its key, a batch holds at most 10,000.
     */
    async page(
      jobId: string,
      { outcome, after, limit }: { outcome?: BatchOutcome; after: BatchItemsCursor | null; limit: number },
    ): Promise<{ items: BatchItem[]; nextCursor: BatchItemsCursor | null }> {
      const page = outcomePage(RANK, 'outcome', 'seq', { jobId, outcome, after, limit })
      const rows = await sql.all<ItemRow>(
        `SELECT seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id, finished_at
         FROM batch_items WHERE job_id = ? ${page.sql}`,
        page.params,
      )
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
