import type { BatchCounts, BatchItem, BatchItemsCursor, BatchOutcome } from '../../../shared/contract'
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
  asset_job_id: string | null
}

/** What an end of an asset's job makes of its outcome in a batch: every field a later attempt changes. */
export type BatchItemEnd = Pick<BatchItem, 'outcome' | 'message' | 'analysisId' | 'outputAssetId' | 'finishedAt'>

// What a person looks for first in a batch's outcomes: what went wrong, what someone stopped, what was left out.
const RANK: Record<BatchOutcome, number> = { failed: 0, cancelled: 1, skipped: 2, ran: 3, cached: 4 }

/**
 * The per-asset outcomes of batch jobs (a library's migration 0220, a hub's 0200), one row written as each asset ends,
 * and restated when a retry of the asset's own job ends (0550, a hub's 0310).
 */
export function createBatchItemsRepo(sql: SqlEngine) {
  // Times are ISO strings of one length: compared by code point, whatever a hub's database collation is.
  const byCodePoint = sql.dialect === 'postgres' ? ' COLLATE "C"' : ''
  return {
    /** Records what became of one asset of a batch. */
    async add(jobId: string, item: BatchItem): Promise<void> {
      await sql.run(
        `INSERT INTO batch_items (job_id, seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id,
           finished_at, asset_job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          item.assetJobId,
        ],
      )
    },
    /**
     * Restates the outcome of the item whose asset's own job is `assetJobId` with an end of that job (a retry's), if
     * that end is later than the one stored: an end told twice, by two processes, or late, changes nothing. The
     * batch's job id when it changed the item, else null.
     */
    async follow(assetJobId: string, end: BatchItemEnd): Promise<string | null> {
      const changed = await sql.get<{ job_id: string }>(
        `UPDATE batch_items SET outcome = ?, message = ?, analysis_id = ?, output_asset_id = ?, finished_at = ?
         WHERE asset_job_id = ? AND finished_at${byCodePoint} < ?
         RETURNING job_id`,
        [end.outcome, end.message, end.analysisId, end.outputAssetId, end.finishedAt, assetJobId, end.finishedAt],
      )
      return changed?.job_id ?? null
    },
    /** How many of a batch's assets reached each outcome, as its items say now. */
    async counts(jobId: string): Promise<BatchCounts> {
      const counts: BatchCounts = { ran: 0, cached: 0, failed: 0, cancelled: 0, skipped: 0 }
      const rows = await sql.all<{ outcome: BatchOutcome; n: number }>(
        'SELECT outcome, count(*) AS n FROM batch_items WHERE job_id = ? GROUP BY outcome',
        [jobId],
      )
      for (const { outcome, n } of rows) counts[outcome] = n
      return counts
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
        `SELECT seq, asset_id, asset_name, outcome, message, analysis_id, output_asset_id, finished_at, asset_job_id
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
    assetJobId: row.asset_job_id,
  }
}
