import { UniqueViolation, type SqlDialect, type SqlEngine } from '../sql/sql-engine'
import {
  checkHash,
  fromJsonColumn,
  mappedRows,
  savedOrLogged,
  toJsonColumn,
  unixSeconds,
  type CacheLogger,
} from './cache-rows'

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

/** A row as stored: its JSON as text (a plugin's file as it is). */
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

// JSON read as text on both engines: SQLite's JSON columns take numeric affinity (`5` comes back a number).
const COLUMNS = `id, job_id, action, input_path, input_hash, config_hash, output_path, output_hash,
  CAST(parameters AS text) AS parameters, CAST(metadata AS text) AS metadata, created_at`

/**
 * What one run is unique by, besides its job id. A library keeps the plugins' key, the action, input path and
 * config (plugin-cache-tables.ts); a hub's paths are each machine's own, so its key is the input's content, the
 * config and the action (its migration 0110): a run made by anyone is found by everyone, and the same run
 * recorded from another path is the same row, now naming that path.
 */
export const PROCESSING_KEY: Record<SqlDialect, string> = {
  sqlite: 'action, input_path, config_hash',
  postgres: 'input_hash, config_hash, action',
}

/**
 * Runs of an action on the same input bytes and config under any path, by migration 0230's index: the
 * current key first, then the newest few (a run whose output is gone is skipped by the caller).
 */
export const PROCESSING_BY_CONTENT_SQL = `SELECT ${COLUMNS} FROM processing_jobs
  WHERE input_hash = ? AND config_hash IN (?, ?) AND action = ?
  ORDER BY config_hash = ? DESC, created_at DESC, id DESC LIMIT 8`

/**
 * The processing cache over `processing_jobs` (a library's migration 0160, the plugins' table; a hub's 0110): one
 * row per job id and per key (see PROCESSING_KEY), a hit only while the input's content hash matches too.
 */
export function createProcessingStore(sql: SqlEngine) {
  const { one, many } = mappedRows(sql, toProcessingCacheRow)
  const save = async (result: ProcessingResult): Promise<ProcessingCacheRow> => {
    checkHash('inputHash', result.inputHash)
    checkHash('outputHash', result.outputHash)
    // '' is what the plugins' older rows hold: no config.
    if (result.configHash !== '') checkHash('configHash', result.configHash)
    // What the plugins' INSERT OR REPLACE does, in SQL both engines read: the rows of the same job id or key go.
    const replace = () =>
      sql.transaction(async (tx) => {
        await tx.run('DELETE FROM processing_jobs WHERE job_id = ?', [result.jobId])
        const saved = await tx.get<ProcessingRow>(
          `INSERT INTO processing_jobs (job_id, action, input_path, input_hash, config_hash, output_path, output_hash,
           parameters, metadata, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (${PROCESSING_KEY[tx.dialect]}) DO UPDATE SET
           job_id = excluded.job_id, input_path = excluded.input_path, input_hash = excluded.input_hash,
           output_path = excluded.output_path, output_hash = excluded.output_hash, parameters = excluded.parameters,
           metadata = excluded.metadata, created_at = excluded.created_at
         RETURNING ${COLUMNS}`,
          [
            result.jobId,
            result.action,
            result.inputPath,
            result.inputHash,
            result.configHash,
            result.outputPath,
            result.outputHash,
            toJsonColumn(result.parameters),
            toJsonColumn(result.metadata),
            unixSeconds(),
          ],
        )
        return toProcessingCacheRow(saved!)
      })
    try {
      return await replace()
    } catch (error) {
      // On a hub, the same job saved twice at once (a job run again by another worker) meets the other's row under
      // the job id, which the upsert's key does not cover. The other has committed by then: replacing again finds it.
      if (!(error instanceof UniqueViolation)) throw error
      return replace()
    }
  }
  return {
    /** Stores a run, replacing the row of the same key (see PROCESSING_KEY) or job id; the row as stored. */
    save,
    /** The run of this job id; null when there is none. */
    getByJobId: (jobId: string): Promise<ProcessingCacheRow | null> =>
      one(`SELECT ${COLUMNS} FROM processing_jobs WHERE job_id = ?`, [jobId]),
    /**
     * The cached run when the action, input path, config and input content hash all match; null otherwise. A
     * run under `legacyHash` (the same config hashed by an older rule) answers when none is under `configHash`.
     */
    getCached: (
      action: string,
      inputPath: string,
      inputHash: string,
      configHash: string,
      legacyHash = configHash,
    ): Promise<ProcessingCacheRow | null> =>
      // The newer of the two keys wins when both have a row.
      one(
        `SELECT ${COLUMNS} FROM processing_jobs
         WHERE action = ? AND input_path = ? AND config_hash IN (?, ?) AND input_hash = ?
         ORDER BY config_hash = ? DESC LIMIT 1`,
        [action, inputPath, configHash, legacyHash, inputHash, configHash],
      ),
    /** Runs of the same action on the same input content and config under any path, best first (content-addressed hits). */
    byContent: (
      action: string,
      inputHash: string,
      configHash: string,
      legacyHash = configHash,
    ): Promise<ProcessingCacheRow[]> =>
      many(PROCESSING_BY_CONTENT_SQL, [inputHash, configHash, legacyHash, action, configHash]),
    /** The runs this file is the input or the output of, newest first. */
    touching: (filePath: string): Promise<ProcessingCacheRow[]> =>
      many(
        `SELECT ${COLUMNS} FROM processing_jobs WHERE input_path = ? OR output_path = ?
         ORDER BY created_at DESC, id DESC`,
        [filePath, filePath],
      ),
    /** The newest `limit` runs, newest first. */
    listJobs: (limit = 100): Promise<ProcessingCacheRow[]> =>
      many(`SELECT ${COLUMNS} FROM processing_jobs ORDER BY created_at DESC, id DESC LIMIT ?`, [limit]),
    /** `save`, reporting a failure to `logger`; true when it saved, never throws. */
    saveWithLogging: (result: ProcessingResult, logger: CacheLogger): Promise<boolean> =>
      savedOrLogged('processing run', () => save(result), logger),
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
