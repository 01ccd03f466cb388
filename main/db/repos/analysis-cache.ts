import type { SqlDialect, SqlEngine, SqlValue } from '../sql/sql-engine'
import {
  checkHash,
  fromJsonColumn,
  mappedRows,
  savedOrLogged,
  toJsonColumn,
  unixSeconds,
  type CacheLogger,
} from './cache-rows'

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

/** A row as stored: its JSON as text (a library's text, a hub's jsonb read as text, a plugin's file as it is). */
export interface AnalysisRow {
  id: number
  file_path: string
  file_hash: string
  config_hash: string
  ranges: string | null
  metadata: string | null
  created_at: number
}

/**
 * A row's columns (of the table aliased `prefix`, as `a.`), its JSON read as text on both engines: SQLite's JSON
 * columns take numeric affinity (`5` comes back a number), a hub's are jsonb. toAnalysisCacheRow parses them.
 */
export const analysisColumns = (prefix = ''): string =>
  `${prefix}id, ${prefix}file_path, ${prefix}file_hash, ${prefix}config_hash, CAST(${prefix}ranges AS text) AS ranges,
  CAST(${prefix}metadata AS text) AS metadata, ${prefix}created_at`
const COLUMNS = analysisColumns()

/**
 * What one cached result is unique by. A library keeps the plugins' key, a path and a config, so a plugin opens
 * the file as it is (migration 0160). A hub's paths are each machine's own, so its key is the content and the
 * config (its migration 0110): a result computed by anyone is found by everyone, and the same result saved from
 * another path is the same row, now naming that path.
 */
export const ANALYSIS_KEY: Record<SqlDialect, ReadonlyArray<'file_path' | 'file_hash' | 'config_hash'>> = {
  sqlite: ['file_path', 'config_hash'],
  postgres: ['file_hash', 'config_hash'],
}

/** A row of the same bytes and config under any path, by migration 0230's index; the current key, then the newest, wins. */
export const ANALYSIS_BY_CONTENT_SQL = `SELECT ${COLUMNS} FROM analysis_jobs WHERE file_hash = ? AND config_hash IN (?, ?)
  ORDER BY config_hash = ? DESC, created_at DESC, id DESC LIMIT 1`

/**
 * The analysis cache over `analysis_jobs` (a library's migration 0160, the plugins' table; a hub's 0110): one row
 * per key (see ANALYSIS_KEY), a hit only while the file's content hash matches too.
 */
export function createAnalysisStore(sql: SqlEngine) {
  const rows = mappedRows(sql, toAnalysisCacheRow)
  const one = rows.one
  const many = (tail: string, params: readonly SqlValue[]) =>
    rows.many(`SELECT ${COLUMNS} FROM analysis_jobs ${tail}`, params)
  // A save under a key that has a row replaces it; created_at is stamped again.
  const save = async (result: AnalysisResult): Promise<AnalysisCacheRow> => {
    checkHash('fileHash', result.fileHash)
    checkHash('configHash', result.configHash)
    const saved = await sql.get<AnalysisRow>(
      `INSERT INTO analysis_jobs (file_path, file_hash, config_hash, ranges, metadata, created_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (${ANALYSIS_KEY[sql.dialect].join(', ')}) DO UPDATE SET
         file_path = excluded.file_path, file_hash = excluded.file_hash, ranges = excluded.ranges,
         metadata = excluded.metadata, created_at = excluded.created_at
       RETURNING ${COLUMNS}`,
      [
        result.filePath,
        result.fileHash,
        result.configHash,
        toJsonColumn(result.ranges),
        toJsonColumn(result.metadata),
        unixSeconds(),
      ],
    )
    return toAnalysisCacheRow(saved!)
  }
  return {
    /** Stores a result, replacing the row of the same key (see ANALYSIS_KEY); the row as stored. */
    save,
    /**
     * The cached result when the path, the config and the content hash all match; null otherwise. A row under
     * `legacyHash` (the same config hashed by an older rule) answers when none is under `configHash`.
     */
    getCached: (
      filePath: string,
      fileHash: string,
      configHash: string,
      legacyHash = configHash,
    ): Promise<AnalysisCacheRow | null> =>
      // The newer of the two keys wins when both have a row (ORDER BY puts the first key's row first).
      one(
        `SELECT ${COLUMNS} FROM analysis_jobs WHERE file_path = ? AND config_hash IN (?, ?) AND file_hash = ?
         ORDER BY config_hash = ? DESC LIMIT 1`,
        [filePath, configHash, legacyHash, fileHash, configHash],
      ),
    /** A cached result of the same content and config under any path (a content-addressed hit); null when none. */
    getByContent: (fileHash: string, configHash: string, legacyHash = configHash): Promise<AnalysisCacheRow | null> =>
      one(ANALYSIS_BY_CONTENT_SQL, [fileHash, configHash, legacyHash, configHash]),
    /** The newest `limit` cached results, newest first. */
    listJobs: (limit = 100): Promise<AnalysisCacheRow[]> => many('ORDER BY created_at DESC, id DESC LIMIT ?', [limit]),
    /** One cached result by its row id; null when there is none. */
    get: (id: number): Promise<AnalysisCacheRow | null> =>
      one(`SELECT ${COLUMNS} FROM analysis_jobs WHERE id = ?`, [id]),
    /** Deletes one cached result; false when there was none. */
    delete: async (id: number): Promise<boolean> =>
      (await sql.run('DELETE FROM analysis_jobs WHERE id = ?', [id])).changes > 0,
    /** Every cached result of one file path (any content, any config), newest first. */
    forFile: (filePath: string): Promise<AnalysisCacheRow[]> =>
      many('WHERE file_path = ? ORDER BY created_at DESC, id DESC', [filePath]),
    /** `save`, reporting a failure to `logger`; true when it saved, never throws. */
    saveWithLogging: (result: AnalysisResult, logger: CacheLogger): Promise<boolean> =>
      savedOrLogged('analysis result', () => save(result), logger),
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
