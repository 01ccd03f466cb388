import type { Database } from 'better-sqlite3'
import { checkHash, fromJsonColumn, savedOrLogged, toJsonColumn, unixSeconds, type CacheLogger } from './cache-rows'

/** One cached analysis: its result for one file and one config. */
export interface AnalysisCacheRow {
  id: number
  filePath: string
  fileHash: string
  configHash: string
  ranges: unknown
  metadata: unknown
  /** Unix seconds. */
  createdAt: number
}

/** What an analysis saves. */
export interface AnalysisResult {
  filePath: string
  fileHash: string
  configHash: string
  ranges?: unknown
  metadata?: unknown
}

/** A row as SQLite gives it. */
export interface AnalysisRow {
  id: number
  file_path: string
  file_hash: string
  config_hash: string
  ranges: string | null
  metadata: string | null
  created_at: number
}

/** A row of the same bytes and config under any path, by migration 0230's index; the current key, then the newest, wins. */
export const ANALYSIS_BY_CONTENT_SQL = `SELECT * FROM analysis_jobs WHERE file_hash = ? AND config_hash IN (?, ?)
  ORDER BY config_hash = ? DESC, created_at DESC, id DESC LIMIT 1`

/**
 * The analysis cache over `analysis_jobs` (migration 0160; the plugins' table): one row per file
 * path and config, a hit only while the file's content hash matches too.
 */
export function createAnalysisStore(db: Database) {
  // The same path and config replace the old row; created_at is stamped again.
  const upsertStmt = db.prepare(
    `INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, metadata, created_at)
     VALUES (@filePath, @fileHash, @configHash, @ranges, @metadata, @createdAt)
     ON CONFLICT (file_path, config_hash) DO UPDATE SET
       file_hash = excluded.file_hash, ranges = excluded.ranges, metadata = excluded.metadata,
       created_at = excluded.created_at`,
  )
  // The newer of the two keys wins when both have a row (ORDER BY puts the first key's row first).
  const cachedStmt = db.prepare<[string, string, string, string, string], AnalysisRow>(
    `SELECT * FROM analysis_jobs WHERE file_path = ? AND config_hash IN (?, ?) AND file_hash = ?
     ORDER BY config_hash = ? DESC LIMIT 1`,
  )
  const byContentStmt = db.prepare<[string, string, string, string], AnalysisRow>(ANALYSIS_BY_CONTENT_SQL)
  const forFileStmt = db.prepare<[string], AnalysisRow>(
    'SELECT * FROM analysis_jobs WHERE file_path = ? ORDER BY created_at DESC, id DESC',
  )
  const deleteStmt = db.prepare<[number]>('DELETE FROM analysis_jobs WHERE id = ?')
  const byIdStmt = db.prepare<[number], AnalysisRow>('SELECT * FROM analysis_jobs WHERE id = ?')
  const listStmt = db.prepare<[number], AnalysisRow>(
    'SELECT * FROM analysis_jobs ORDER BY created_at DESC, id DESC LIMIT ?',
  )
  const save = (result: AnalysisResult): void => {
    checkHash('fileHash', result.fileHash)
    checkHash('configHash', result.configHash)
    upsertStmt.run({
      filePath: result.filePath,
      fileHash: result.fileHash,
      configHash: result.configHash,
      ranges: toJsonColumn(result.ranges),
      metadata: toJsonColumn(result.metadata),
      createdAt: unixSeconds(),
    })
  }
  return {
    /** Stores a result, replacing the row of the same file path and config. */
    save,
    /**
     * The cached result when the path, the config and the content hash all match; null otherwise. A row under
     * `legacyHash` (the same config hashed by an older rule) answers when none is under `configHash`.
     */
    getCached(
      filePath: string,
      fileHash: string,
      configHash: string,
      legacyHash = configHash,
    ): AnalysisCacheRow | null {
      const row = cachedStmt.get(filePath, configHash, legacyHash, fileHash, configHash)
      return row ? toAnalysisCacheRow(row) : null
    },
    /** A cached result of the same content and config under any path (a content-addressed hit); null when none. */
    getByContent(fileHash: string, configHash: string, legacyHash = configHash): AnalysisCacheRow | null {
      const row = byContentStmt.get(fileHash, configHash, legacyHash, configHash)
      return row ? toAnalysisCacheRow(row) : null
    },
    /** The newest `limit` cached results, newest first. */
    listJobs(limit = 100): AnalysisCacheRow[] {
      return listStmt.all(limit).map(toAnalysisCacheRow)
    },
    /** One cached result by its row id; null when there is none. */
    get(id: number): AnalysisCacheRow | null {
      const row = byIdStmt.get(id)
      return row ? toAnalysisCacheRow(row) : null
    },
    /** Deletes one cached result; false when there was none. */
    delete: (id: number): boolean => deleteStmt.run(id).changes > 0,
    /** Every cached result of one file path (any content, any config), newest first. */
    forFile(filePath: string): AnalysisCacheRow[] {
      return forFileStmt.all(filePath).map(toAnalysisCacheRow)
    },
    /** `save`, reporting a failure to `logger`; true when it saved, never throws. */
    saveWithLogging(result: AnalysisResult, logger: CacheLogger): boolean {
      return savedOrLogged('analysis result', () => save(result), logger)
    },
  }
}
export type AnalysisStore = ReturnType<typeof createAnalysisStore>

/** A row as the store answers it. */
export function toAnalysisCacheRow(row: AnalysisRow): AnalysisCacheRow {
  return {
    id: row.id,
    filePath: row.file_path,
    fileHash: row.file_hash,
    configHash: row.config_hash,
    ranges: fromJsonColumn(row.ranges),
    metadata: fromJsonColumn(row.metadata),
    createdAt: row.created_at,
  }
}
