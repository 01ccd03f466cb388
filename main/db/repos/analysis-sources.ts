import type { Database } from 'better-sqlite3'
import type { AnalysisRow } from './analysis-cache'

/** Where a cached analysis was brought from: a plugin's database, its row there and the path that row named. */
export interface AnalysisSource {
  database: string
  rowId: number
  filePath: string
  /** Unix seconds. */
  copiedAt: number
}

/**
 * Bringing a plugin's analysis_jobs rows into the library's (migration 0340): the row is written as
 * the plugin stored it (JSON text byte for byte, created_at kept) under the asset's path, and where it
 * came from is noted in analysis_sources until the row is rewritten or deleted.
 */
export function createAnalysisSourcesRepo(db: Database) {
  const atKeyStmt = db.prepare<[string, string], AnalysisRow>(
    'SELECT * FROM analysis_jobs WHERE file_path = ? AND config_hash = ?',
  )
  const insertRowStmt = db.prepare<[string, string, string, string | null, string | null, number]>(
    `INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, metadata, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const insertSourceStmt = db.prepare<[number, string, number, string, number]>(
    `INSERT INTO analysis_sources (analysis_id, source_database, source_row_id, source_file_path, copied_at)
     VALUES (?, ?, ?, ?, ?)`,
  )
  const forFileStmt = db.prepare<[string], AnalysisSource & { analysisId: number }>(
    `SELECT s.analysis_id AS analysisId, s.source_database AS database, s.source_row_id AS rowId,
       s.source_file_path AS filePath, s.copied_at AS copiedAt
     FROM analysis_jobs a JOIN analysis_sources s ON s.analysis_id = a.id WHERE a.file_path = ?`,
  )
  return {
    /** The library's row of one file path and config, as SQLite holds it; undefined when there is none. */
    atKey: (filePath: string, configHash: string): AnalysisRow | undefined => atKeyStmt.get(filePath, configHash),
    /** Writes a plugin's row under `filePath`, keys and JSON text unchanged, noting its source; the new row's id. */
    insertFrom(row: AnalysisRow, filePath: string, source: AnalysisSource): number {
      const { lastInsertRowid } = insertRowStmt.run(
        filePath,
        row.file_hash,
        row.config_hash,
        row.ranges,
        row.metadata,
        row.created_at,
      )
      const id = Number(lastInsertRowid)
      insertSourceStmt.run(id, source.database, source.rowId, source.filePath, source.copiedAt)
      return id
    },
    /** The sources of the rows of one file path, by analysis id (rows we computed have none). */
    forFile(filePath: string): Map<number, AnalysisSource> {
      return new Map(forFileStmt.all(filePath).map(({ analysisId, ...source }) => [analysisId, source]))
    },
  }
}
