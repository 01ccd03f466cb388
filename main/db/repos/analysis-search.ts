import type { Database } from 'better-sqlite3'
import { toAnalysisCacheRow, type AnalysisCacheRow, type AnalysisRow } from './analysis-cache'

/**
 * Cached analyses across a library (analysis_jobs with the videos at their paths). Apart from the
 * analysis store, which also opens plugins' databases, where there is no videos table.
 */
export function createAnalysisSearchRepo(db: Database) {
  const searchStmt = db.prepare<
    {
      analyzer: string | null
      label: string | null
      afterCreated: number | null
      afterId: number | null
      limit: number
    },
    AnalysisRow & { asset_id: string | null; asset_name: string | null; asset_hash: string | null }
  >(
    `SELECT a.*, v.id AS asset_id, v.name AS asset_name, v.file_hash AS asset_hash
     FROM analysis_jobs a LEFT JOIN videos v ON v.file_path = a.file_path
     WHERE (@analyzer IS NULL OR json_extract(a.metadata, '$.analyzer') = @analyzer)
       AND (@label IS NULL OR EXISTS (
         SELECT 1 FROM json_each(CASE WHEN json_valid(a.ranges) THEN a.ranges ELSE '[]' END) r
         WHERE json_extract(r.value, '$.label') = @label))
       AND (@afterCreated IS NULL OR (a.created_at, a.id) < (@afterCreated, @afterId))
     ORDER BY a.created_at DESC, a.id DESC LIMIT @limit`,
  )
  return {
    /**
     * Cached results newest first, of one analyzer (as our rows record it in metadata) or holding a range of
     * one label when asked, after a (created_at, id) cursor, with the library asset at the row's path and the
     * content hash the library recorded for it.
     */
    search(filter: {
      analyzer: string | null
      label: string | null
      after: { createdAt: number; id: number } | null
      limit: number
    }): Array<AnalysisCacheRow & { assetId: string | null; assetName: string | null; assetHash: string | null }> {
      const { analyzer, label, after, limit } = filter
      return searchStmt
        .all({ analyzer, label, afterCreated: after?.createdAt ?? null, afterId: after?.id ?? null, limit })
        .map((row) => ({
          ...toAnalysisCacheRow(row),
          assetId: row.asset_id,
          assetName: row.asset_name,
          assetHash: row.asset_hash,
        }))
    },
  }
}
export type AnalysisSearchRepo = ReturnType<typeof createAnalysisSearchRepo>
