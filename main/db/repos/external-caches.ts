import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import { toAnalysisCacheRow, type AnalysisCacheRow, type AnalysisRow } from './analysis-cache'
import { toProcessingCacheRow, type ProcessingCacheRow, type ProcessingRow } from './processing-cache'

/** What a plugin's cache keeps in a column: an integer id, text, a number of seconds, or JSON text (or NULL). */
type ColumnKind = 'integer' | 'text' | 'number' | 'json'

// The columns of the plugins' tables, as their schema has them; an older processing_jobs has no config_hash.
const TABLES = {
  analysis_jobs: {
    id: 'integer',
    file_path: 'text',
    file_hash: 'text',
    config_hash: 'text',
    ranges: 'json',
    metadata: 'json',
    created_at: 'number',
  },
  processing_jobs: {
    id: 'integer',
    job_id: 'text',
    action: 'text',
    input_path: 'text',
    input_hash: 'text',
    config_hash: 'text',
    output_path: 'text',
    output_hash: 'text',
    parameters: 'json',
    metadata: 'json',
    created_at: 'number',
  },
} satisfies Record<string, Record<string, ColumnKind>>
type Table = keyof typeof TABLES
const OPTIONAL: Partial<Record<Table, string>> = { processing_jobs: 'config_hash' }

const FITS: Record<ColumnKind, (value: unknown) => boolean> = {
  integer: (value) => Number.isSafeInteger(value),
  text: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  json: (value) => value === null || typeof value === 'string',
}

/**
 * Reads the analysis and processing caches of any SQLite file (a plugin's data folder), newest first,
 * without writing: either table may be missing, and an older processing_jobs has no config_hash (read
 * as '', what the upgrade would give it). A table without a column of the plugins' schema, or a value
 * of another type than that schema keeps, is refused in words naming the table and column (`file`
 * names the database in them).
 */
export function readCaches(
  db: Database,
  limit: number,
  file: string,
): { analyses: AnalysisCacheRow[]; processing: ProcessingCacheRow[] } {
  const newest = 'ORDER BY created_at DESC, id DESC LIMIT ?'
  return {
    analyses: selectRows<AnalysisRow>(db, file, 'analysis_jobs', newest, [limit]).map(toAnalysisCacheRow),
    processing: selectRows<ProcessingRow>(db, file, 'processing_jobs', newest, [limit]).map((row) =>
      toProcessingCacheRow({ ...row, config_hash: row.config_hash ?? '' }),
    ),
  }
}

/**
 * The analysis_jobs rows of a plugin's cache with these ids, or made from this content (a file hash
 * among `fileHashes`), newest first and as SQLite holds them (JSON as its text), checked as `readCaches`
 * checks them; none when the file has no such table.
 */
export function readAnalysisRows(
  db: Database,
  file: string,
  pick: { ids: readonly number[] } | { fileHashes: readonly string[] },
): AnalysisRow[] {
  const [column, values] = 'ids' in pick ? ['id', pick.ids] : ['file_hash', pick.fileHashes]
  return selectRows<AnalysisRow>(
    db,
    file,
    'analysis_jobs',
    `WHERE ${column} IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`,
    [JSON.stringify(values)],
  )
}

/** The rows of `table` that `tail` (WHERE, ORDER BY, LIMIT over its columns) picks, each checked; none without the table. */
function selectRows<R>(db: Database, file: string, table: Table, tail: string, params: unknown[]): R[] {
  const columns = columnsOf(db, table)
  if (columns.size === 0) return []
  const wanted = Object.keys(TABLES[table]).filter((column) => column !== OPTIONAL[table] || columns.has(column))
  const missing = wanted.filter((column) => !columns.has(column))
  if (missing.length > 0) {
    throw new AppError(
      'validation',
      `${file}: its ${table} table has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'}, so it is not a plugin's cache table.`,
    )
  }
  const rows = db
    .prepare<unknown[], Record<string, unknown>>(`SELECT ${wanted.join(', ')} FROM ${table} ${tail}`)
    .all(...params)
  rows.forEach((row, index) => checkRow(file, table, row, index))
  return rows as R[]
}

/** The column names of `table`; empty when there is no such table (a view is none). */
function columnsOf(db: Database, table: Table): Set<string> {
  const isTable = db
    .prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(table)
  if (isTable !== 1) return new Set()
  return new Set(
    db
      .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
      .all()
      .map((column) => column.name),
  )
}

/** Refuses, in words, a row holding a value of another type than the plugins' schema keeps in its column. */
function checkRow(file: string, table: Table, row: Record<string, unknown>, index: number): void {
  for (const [column, kind] of Object.entries(TABLES[table]) as Array<[string, ColumnKind]>) {
    if (!(column in row) || FITS[kind](row[column])) continue
    const which = FITS.integer(row.id) ? `the row with id ${String(row.id)}` : `its ${ordinal(index + 1)} newest row`
    throw new AppError(
      'validation',
      `${file}: ${table}.${column} holds ${described(row[column])} in ${which}, where a plugin's cache keeps ${KIND_WORDS[kind]}.`,
    )
  }
}

const KIND_WORDS: Record<ColumnKind, string> = {
  integer: 'an integer',
  text: 'text',
  number: 'a number (unix seconds)',
  json: 'JSON text or NULL',
}

function described(value: unknown): string {
  if (value === null) return 'NULL'
  if (typeof value === 'string') return 'text'
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a real number'
  if (typeof value === 'bigint') return 'an integer too large to read'
  if (Buffer.isBuffer(value)) return 'a blob'
  return typeof value
}

function ordinal(n: number): string {
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th')
  return `${n}${suffix}`
}
