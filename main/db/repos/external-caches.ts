import type { Database } from 'better-sqlite3'
import { toAnalysisCacheRow, type AnalysisCacheRow, type AnalysisRow } from './analysis-cache'
import { toProcessingCacheRow, type ProcessingCacheRow, type ProcessingRow } from './processing-cache'

/**
 * Reads the analysis and processing caches of any SQLite file (a plugin's data folder), newest first,
 * without writing: either table may be missing, and an older processing_jobs has no config_hash
 * (read as '', what the upgrade would give it).
 */
export function readCaches(
  db: Database,
  limit: number,
): { analyses: AnalysisCacheRow[]; processing: ProcessingCacheRow[] } {
  const has = (table: string) =>
    db
      .prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(table) === 1
  const newest = <R>(table: string) =>
    has(table)
      ? db.prepare<[number], R>(`SELECT * FROM ${table} ORDER BY created_at DESC, id DESC LIMIT ?`).all(limit)
      : []
  return {
    analyses: newest<AnalysisRow>('analysis_jobs').map(toAnalysisCacheRow),
    processing: newest<ProcessingRow>('processing_jobs').map((row) =>
      toProcessingCacheRow({ ...row, config_hash: row.config_hash ?? '' }),
    ),
  }
}
