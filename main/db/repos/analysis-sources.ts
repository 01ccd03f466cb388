import type { SqlDialect, SqlEngine } from '../sql/sql-engine'
import {
  ANALYSIS_KEY,
  analysisColumns,
  toAnalysisCacheRow,
  type AnalysisCacheRow,
  type AnalysisRow,
} from './analysis-cache'

/** Where a cached analysis was brought from: a plugin's database, its row there and the path that row named. */
export interface AnalysisSource {
  database: string
  rowId: number
  filePath: string
  /** Unix seconds. */
  copiedAt: number
}

/**
 * A plugin's JSON text as this engine stores it. A library keeps it byte for byte. A hub's column is jsonb, which
 * takes JSON alone: text that is not JSON goes in as a JSON string, which reads back as the same text (the value
 * fromJsonColumn gives for it on a library).
 */
function storedJson(dialect: SqlDialect, text: string | null): string | null {
  if (text === null || dialect === 'sqlite') return text
  try {
    JSON.parse(text)
    return text
  } catch {
    return JSON.stringify(text)
  }
}

/**
 * Bringing a plugin's analysis_jobs rows into the catalogue's (a library's migration 0340, a hub's 0110): the row
 * is written as the plugin stored it (keys and created_at kept) under the asset's path, and where it came from is
 * noted in analysis_sources until the row is rewritten or deleted.
 */
export function createAnalysisSourcesRepo(sql: SqlEngine) {
  return {
    /** The row holding the key a copy of this result would take on this engine (see ANALYSIS_KEY); undefined when none. */
    async atKey(key: {
      filePath: string
      fileHash: string
      configHash: string
    }): Promise<AnalysisCacheRow | undefined> {
      const value = { file_path: key.filePath, file_hash: key.fileHash, config_hash: key.configHash }
      const columns = ANALYSIS_KEY[sql.dialect]
      const row = await sql.get<AnalysisRow>(
        `SELECT ${analysisColumns()} FROM analysis_jobs WHERE ${columns.map((column) => `${column} = ?`).join(' AND ')}`,
        columns.map((column) => value[column]),
      )
      return row && toAnalysisCacheRow(row)
    },
    /** Writes a plugin's row under `filePath`, keys and JSON unchanged, noting its source, in one transaction; the new row's id. */
    insertFrom: (row: AnalysisRow, filePath: string, source: AnalysisSource): Promise<number> =>
      sql.transaction(async (tx) => {
        const created = await tx.get<{ id: number }>(
          `INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, metadata, created_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            filePath,
            row.file_hash,
            row.config_hash,
            storedJson(tx.dialect, row.ranges),
            storedJson(tx.dialect, row.metadata),
            row.created_at,
          ],
        )
        await tx.run(
          `INSERT INTO analysis_sources (analysis_id, source_database, source_row_id, source_file_path, copied_at)
           VALUES (?, ?, ?, ?, ?)`,
          [created!.id, source.database, source.rowId, source.filePath, source.copiedAt],
        )
        return created!.id
      }),
    /** The sources of the rows of one file path, by analysis id (rows we computed have none). */
    async forFile(filePath: string): Promise<Map<number, AnalysisSource>> {
      const rows = await sql.all<AnalysisSource & { analysisId: number }>(
        `SELECT s.analysis_id AS "analysisId", s.source_database AS "database", s.source_row_id AS "rowId",
           s.source_file_path AS "filePath", s.copied_at AS "copiedAt"
         FROM analysis_jobs a JOIN analysis_sources s ON s.analysis_id = a.id WHERE a.file_path = ?`,
        [filePath],
      )
      return new Map(rows.map(({ analysisId, ...source }) => [analysisId, source]))
    },
  }
}
