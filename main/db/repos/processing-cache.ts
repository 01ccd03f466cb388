import type { Database } from 'better-sqlite3'
import { checkHash, fromJsonColumn, savedOrLogged, toJsonColumn, unixSeconds, type CacheLogger } from './cache-rows'

/** One processing run: an input file made into an output file by an action and its config. */
export interface ProcessingCacheRow {
  id: number
  jobId: string
  action: string
  inputPath: string
  inputHash: string
  configHash: string
  outputPath: string
  outputHash: string
  parameters: unknown
  metadata: unknown
  /** Unix seconds. */
  createdAt: number
}

/** What a processing run saves. */
export type ProcessingResult = Omit<ProcessingCacheRow, 'id' | 'createdAt' | 'parameters' | 'metadata'> & {
  parameters?: unknown
  metadata?: unknown
}

/** A row as SQLite gives it. */
export interface ProcessingRow {
  id: number
  job_id: string
  action: string
  input_path: string
  input_hash: string
  config_hash: string
  output_path: string
  output_hash: string
  parameters: string | null
  metadata: string | null
  created_at: number
}

/**
 * Runs of an action on the same input bytes and config under any path, by migration 0230's index: the
 * current key first, then the newest few (a run whose output is gone is skipped by the caller).
 */
export const PROCESSING_BY_CONTENT_SQL = `SELECT * FROM processing_jobs WHERE input_hash = ? AND config_hash IN (?, ?)
  AND action = ? ORDER BY config_hash = ? DESC, created_at DESC, id DESC LIMIT 8`

/**
 * The processing cache over `processing_jobs` (migration 0160; the plugins' table): one row per
 * action, input path and config (INSERT OR REPLACE, as the plugins write), a hit only while the
 * input's content hash matches too.
 */
export function createProcessingStore(db: Database) {
  const replaceStmt = db.prepare(
    `INSERT OR REPLACE INTO processing_jobs (job_id, action, input_path, input_hash, config_hash, output_path,
       output_hash, parameters, metadata, created_at)
     VALUES (@jobId, @action, @inputPath, @inputHash, @configHash, @outputPath, @outputHash, @parameters,
       @metadata, @createdAt)`,
  )
  const byJobIdStmt = db.prepare<[string], ProcessingRow>('SELECT * FROM processing_jobs WHERE job_id = ?')
  // The newer of the two keys wins when both have a row.
  const cachedStmt = db.prepare<[string, string, string, string, string, string], ProcessingRow>(
    `SELECT * FROM processing_jobs WHERE action = ? AND input_path = ? AND config_hash IN (?, ?) AND input_hash = ?
     ORDER BY config_hash = ? DESC LIMIT 1`,
  )
  const byContentStmt = db.prepare<[string, string, string, string, string], ProcessingRow>(PROCESSING_BY_CONTENT_SQL)
  const touchingStmt = db.prepare<[string, string], ProcessingRow>(
    'SELECT * FROM processing_jobs WHERE input_path = ? OR output_path = ? ORDER BY created_at DESC, id DESC',
  )
  const listStmt = db.prepare<[number], ProcessingRow>(
    'SELECT * FROM processing_jobs ORDER BY created_at DESC, id DESC LIMIT ?',
  )
  const save = (result: ProcessingResult): void => {
    checkHash('inputHash', result.inputHash)
    checkHash('outputHash', result.outputHash)
    // '' is what the plugins' older rows hold: no config.
    if (result.configHash !== '') checkHash('configHash', result.configHash)
    replaceStmt.run({
      ...result,
      parameters: toJsonColumn(result.parameters),
      metadata: toJsonColumn(result.metadata),
      createdAt: unixSeconds(),
    })
  }
  return {
    /** Stores a run, replacing the row of the same action, input path and config (or the same job id). */
    save,
    /** The run of this job id; null when there is none. */
    getByJobId(jobId: string): ProcessingCacheRow | null {
      const row = byJobIdStmt.get(jobId)
      return row ? toProcessingCacheRow(row) : null
    },
    /**
     * The cached run when the action, input path, config and input content hash all match; null otherwise. A
     * run under `legacyHash` (the same config hashed by an older rule) answers when none is under `configHash`.
     */
    getCached(
      action: string,
      inputPath: string,
      inputHash: string,
      configHash: string,
      legacyHash = configHash,
    ): ProcessingCacheRow | null {
      const row = cachedStmt.get(action, inputPath, configHash, legacyHash, inputHash, configHash)
      return row ? toProcessingCacheRow(row) : null
    },
    /** Runs of the same action on the same input content and config under any path, best first (content-addressed hits). */
    byContent(action: string, inputHash: string, configHash: string, legacyHash = configHash): ProcessingCacheRow[] {
      return byContentStmt.all(inputHash, configHash, legacyHash, action, configHash).map(toProcessingCacheRow)
    },
    /** The runs this file is the input or the output of, newest first. */
    touching(filePath: string): ProcessingCacheRow[] {
      return touchingStmt.all(filePath, filePath).map(toProcessingCacheRow)
    },
    /** The newest `limit` runs, newest first. */
    listJobs(limit = 100): ProcessingCacheRow[] {
      return listStmt.all(limit).map(toProcessingCacheRow)
    },
    /** `save`, reporting a failure to `logger`; true when it saved, never throws. */
    saveWithLogging(result: ProcessingResult, logger: CacheLogger): boolean {
      return savedOrLogged('processing run', () => save(result), logger)
    },
  }
}
export type ProcessingStore = ReturnType<typeof createProcessingStore>

/** A row as the store answers it. */
export function toProcessingCacheRow(row: ProcessingRow): ProcessingCacheRow {
  return {
    id: row.id,
    jobId: row.job_id,
    action: row.action,
    inputPath: row.input_path,
    inputHash: row.input_hash,
    configHash: row.config_hash,
    outputPath: row.output_path,
    outputHash: row.output_hash,
    parameters: fromJsonColumn(row.parameters),
    metadata: fromJsonColumn(row.metadata),
    createdAt: row.created_at,
  }
}
