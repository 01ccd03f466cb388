import { RECENT_JOBS, type ImportCounts, type ImportItem, type MediaType } from '../../../shared/contract'
import type { ImportItemsCursor, ImportOutcome } from '../../../shared/contract/import-items'
import type { SqlEngine } from '../sql/sql-engine'
import { outcomePage, pageOf } from './outcome-pages'

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

/** A file an import job recorded an asset for: the path it came from (an upload's name) and the asset. */
export interface JobFile {
  path: string
  assetId: string
  mediaType: MediaType
}

/** How many of a job's files reached each outcome, and all of them with their bytes. */
export interface ImportSummary {
  counts: ImportCounts
  files: number
  bytes: number
}

// An outcome names its asset (the new one, or the one it duplicates) by the asset's current name and path.
const ITEM_SELECT = `SELECT i.seq, i.path, i.name, i.size_bytes, i.outcome, i.reason, i.asset_id,
    v.name AS asset_name, v.file_path AS asset_path
  FROM import_items i LEFT JOIN videos v ON v.id = i.asset_id`

// What a person looks for first in a job's file list: what went wrong, then what was skipped.
const RANK: Record<ImportOutcome, number> = { failed: 0, duplicate: 1, imported: 2 }

/**
 * The per-file outcomes of import jobs (the jobs themselves are rows of `jobs`, kind `import`), on either engine;
 * written as each file ends, in the transaction that writes its asset.
 */
export function createImportItemsRepo(sql: SqlEngine) {
  return {
    async addItem(jobId: string, item: NewImportItem, at: string): Promise<void> {
      await sql.run(
        `INSERT INTO import_items (job_id, seq, path, name, size_bytes, outcome, asset_id, reason, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [jobId, item.seq, item.path, item.name, item.sizeBytes, item.outcome, item.assetId, item.reason, at],
      )
    },
    /** What a job's files came to so far: outcome counts, and the files with an outcome and their bytes. */
    async summary(jobId: string): Promise<ImportSummary> {
      const { files, bytes, ...counts } = (await sql.get<ImportCounts & { files: number; bytes: number }>(
        `SELECT COUNT(*) AS files, CAST(COALESCE(SUM(size_bytes), 0) AS bigint) AS bytes,
           COUNT(*) FILTER (WHERE outcome = 'imported') AS imported,
           COUNT(*) FILTER (WHERE outcome = 'duplicate') AS duplicate,
           COUNT(*) FILTER (WHERE outcome = 'failed') AS failed
         FROM import_items WHERE job_id = ?`,
        [jobId],
      ))!
      return { counts, files, bytes }
    },
    items: async (jobId: string): Promise<ImportItem[]> =>
      (await sql.all<ItemRow>(`${ITEM_SELECT} WHERE i.job_id = ? ORDER BY i.seq`, [jobId])).map(toItem),
    /**
     * A page of a job's outcomes (only `outcome`'s, if given) after `after`: failures first, then
     * duplicates, then imported files, each in file order; `next` is where the following page starts.
     * Keyset over (outcome rank, seq); the job's rows come from the (job_id, seq) key, a job holds at most 10,000.
     */
    async itemsPage(
      jobId: string,
      { outcome, after, limit }: { outcome?: ImportOutcome; after: ImportItemsCursor | null; limit: number },
    ): Promise<{ items: ImportItem[]; next: ImportItemsCursor | null }> {
      const page = outcomePage(RANK, 'i.outcome', 'i.seq', { jobId, outcome, after, limit })
      const rows = await sql.all<ItemRow>(`${ITEM_SELECT} WHERE i.job_id = ? ${page.sql}`, page.params)
      return pageOf(rows, limit, toItem)
    },
    /** Files that failed to import, over every job kept and in the RECENT_JOBS newest import jobs (the stats page's). */
    failed: async (): Promise<{ total: number; recent: number }> =>
      (await sql.get<{ total: number; recent: number }>(
        `SELECT
           (SELECT count(*) FROM import_items WHERE outcome = 'failed') AS total,
           (SELECT count(*) FROM import_items WHERE outcome = 'failed' AND job_id IN (
              SELECT id FROM jobs WHERE kind = 'import' ORDER BY created_at DESC, id DESC LIMIT ${RECENT_JOBS})) AS recent`,
      ))!,
    /**
     * The files a job recorded assets for (imported, or duplicates of one), in the job's order; assets since deleted
     * left out. Sidecar pairing reads them (services/stacks/sidecar-pairs.ts).
     */
    jobFiles: (jobId: string): Promise<JobFile[]> =>
      sql.all<JobFile>(
        `SELECT i.path, i.asset_id AS "assetId", v.media_type AS "mediaType"
         FROM import_items i JOIN videos v ON v.id = i.asset_id
         WHERE i.job_id = ? AND i.outcome IN ('imported', 'duplicate') ORDER BY i.seq`,
        [jobId],
      ),
    async item(jobId: string, seq: number): Promise<ImportItem | undefined> {
      const row = await sql.get<ItemRow>(`${ITEM_SELECT} WHERE i.job_id = ? AND i.seq = ?`, [jobId, seq])
      return row && toItem(row)
    },
  }
}
export type ImportItemsRepo = ReturnType<typeof createImportItemsRepo>

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
