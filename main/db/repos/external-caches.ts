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

/** The most bytes one value, and all values read by one call, may hold: a cache's JSON is kilobytes, a hostile file's gigabytes. */
export interface ReadLimits {
  valueBytes: number
  totalBytes: number
}

export const READ_LIMITS: ReadLimits = { valueBytes: 32 * 2 ** 20, totalBytes: 256 * 2 ** 20 }

// Deeper JSON than any plugin writes; parsing, copying between threads and answering it recurse once per level.
const MAX_JSON_DEPTH = 64

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
 * names the database in them), as are rows holding more than `limits` bytes or JSON nested too deep.
 */
export function readCaches(
  db: Database,
  limit: number,
  file: string,
  limits: ReadLimits = READ_LIMITS,
): { analyses: AnalysisCacheRow[]; processing: ProcessingCacheRow[] } {
  const newest = 'ORDER BY created_at DESC, id DESC LIMIT ?'
  const budget = bytesBudget(file, limits)
  return {
    analyses: selectRows<AnalysisRow>(db, budget, 'analysis_jobs', newest, [limit]).map(toAnalysisCacheRow),
    processing: selectRows<ProcessingRow>(db, budget, 'processing_jobs', newest, [limit]).map((row) =>
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
  limits: ReadLimits = READ_LIMITS,
): AnalysisRow[] {
  const [column, values] = 'ids' in pick ? ['id', pick.ids] : ['file_hash', pick.fileHashes]
  return selectRows<AnalysisRow>(
    db,
    bytesBudget(file, limits),
    'analysis_jobs',
    `WHERE ${column} IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`,
    [JSON.stringify(values)],
  )
}

/** Whether the file has either cache table. */
export function hasCacheTables(db: Database): boolean {
  return (
    db
      .prepare<[], number>(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('analysis_jobs', 'processing_jobs')",
      )
      .pluck()
      .get() !== 0
  )
}

/** What one read may still take: `spend` refuses in words a value or a total over the limits. */
interface BytesBudget {
  file: string
  spend(table: Table, id: unknown, columns: readonly string[], bytes: ReadonlyArray<number | null>, index: number): void
}

function bytesBudget(file: string, limits: ReadLimits): BytesBudget {
  let total = 0
  return {
    file,
    spend(table, id, columns, bytes, index) {
      bytes.forEach((size, at) => {
        if (size === null) return
        if (size > limits.valueBytes) {
          throw new AppError(
            'too_large',
            `${file}: a value in ${table} (${columns[at]}, ${rowWords({ id }, index)}) is larger than ${megabytes(limits.valueBytes)}, more than this program reads.`,
          )
        }
        total += size
      })
      if (total > limits.totalBytes) {
        throw new AppError(
          'too_large',
          `${file}: its ${table} rows hold more than ${megabytes(limits.totalBytes)}, more than this program reads at once.`,
        )
      }
    },
  }
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`
}

/**
 * The rows of `table` that `tail` (WHERE, ORDER BY, LIMIT over its columns) picks, each checked; none without the table.
 * Their sizes are read first (octet_length does not load the value), so an oversized value is refused before it is loaded.
 */
function selectRows<R>(db: Database, budget: BytesBudget, table: Table, tail: string, params: unknown[]): R[] {
  const { file } = budget
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
  const sizes = db
    .prepare<unknown[], unknown[]>(
      `SELECT iif(typeof(id) = 'integer', id, NULL), ${wanted.map((column) => `octet_length(${column})`).join(', ')} FROM ${table} ${tail}`,
    )
    .raw()
  let index = 0
  for (const [id, ...bytes] of sizes.iterate(...params)) {
    budget.spend(table, id, wanted, bytes as Array<number | null>, index++)
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

/** Refuses, in words, a row holding a value of another type than the plugins' schema keeps in its column, or JSON nested too deep. */
function checkRow(file: string, table: Table, row: Record<string, unknown>, index: number): void {
  for (const [column, kind] of Object.entries(TABLES[table]) as Array<[string, ColumnKind]>) {
    const value = row[column]
    if (!(column in row)) continue
    if (!FITS[kind](value)) {
      throw new AppError(
        'validation',
        `${file}: ${table}.${column} holds ${described(value)} in ${rowWords(row, index)}, where a plugin's cache keeps ${KIND_WORDS[kind]}.`,
      )
    }
    if (kind === 'json' && typeof value === 'string' && nestsDeeper(value, MAX_JSON_DEPTH)) {
      throw new AppError(
        'validation',
        `${file}: ${table}.${column} holds JSON nested deeper than ${MAX_JSON_DEPTH} levels in ${rowWords(row, index)}, more than this program reads.`,
      )
    }
  }
}

/** A row in words: by its id where it has an integer one, else by its place among those read. */
function rowWords(row: Record<string, unknown>, index: number): string {
  return FITS.integer(row.id) ? `the row with id ${String(row.id)}` : `its ${ordinal(index + 1)} newest row`
}

/** Whether JSON text opens more than `depth` arrays or objects inside one another (brackets in strings do not count). */
function nestsDeeper(text: string, depth: number): boolean {
  let open = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++open > depth) return true
    } else if (c === 0x5d || c === 0x7d) open--
  }
  return false
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
