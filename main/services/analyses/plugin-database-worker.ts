import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { AppError, type ErrorShape } from '../../../shared/errors'
import type { AnalysisRow } from '../../db/repos/analysis-cache'
import { hasCacheTables, readAnalysisRows, readCaches, type ReadLimits } from '../../db/repos/external-caches'

// Started by plugin-database.ts, once per read: another program's SQLite file can hold anything (locks, unknown
// collations and modules, gigabytes), so it is read here, where a slow or failing read never holds up the host.

/** What to read: the newest rows of both caches (`caches:open`), or analysis rows by id or content (`caches:adopt-rows`). */
export type PluginRead =
  | { type: 'caches'; limit: number }
  | { type: 'rows'; pick: { ids: readonly number[] } | { fileHashes: readonly string[] } }

/** What each read answers. */
export interface PluginReadResults {
  caches: ReturnType<typeof readCaches> & { hasTables: boolean }
  rows: AnalysisRow[]
}

/** The worker's data: the file, the better-sqlite3 addon to open it with, and the read within its limits. */
export interface PluginReadRequest {
  file: string
  nativeBinding: string | undefined
  limits: ReadLimits
  read: PluginRead
}

/** The one message the worker sends. */
export type PluginReadReply =
  { ok: true; data: PluginReadResults[PluginRead['type']] } | { ok: false; error: ErrorShape }

// Another program writing its file holds a lock for a moment; one holding it longer is answered as locked.
const LOCK_WAIT_MS = 250

if (!parentPort) throw new Error('plugin-database-worker.ts runs only as a worker thread')
const { file, nativeBinding, limits, read } = workerData as PluginReadRequest
let reply: PluginReadReply
try {
  reply = { ok: true, data: readFile() }
} catch (error) {
  reply = { ok: false, error: refusal(error).toShape() }
}
parentPort.postMessage(reply)

function readFile(): PluginReadResults[PluginRead['type']] {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: LOCK_WAIT_MS, nativeBinding })
  try {
    if (read.type === 'rows') return readAnalysisRows(db, file, read.pick, limits)
    return { ...readCaches(db, read.limit, file, limits), hasTables: hasCacheTables(db) }
  } finally {
    db.close()
  }
}

/** Any failure as a refusal in words: SQLite's by what it could not do, the rest as they were said. */
function refusal(error: unknown): AppError {
  if (error instanceof AppError) return error
  const { code, message } = error as { code?: unknown; message?: unknown }
  const said = String(message ?? error)
  const missing = /no such (collation sequence|module): (\S+)/.exec(said)
  if (missing) {
    const what = missing[1] === 'module' ? 'a virtual table module' : 'a collation'
    return new AppError('validation', `${file} uses ${what} (${missing[2]}) this program does not have.`)
  }
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new AppError('conflict', `${file} is locked by another program: try again when it is done.`)
  }
  if (typeof code === 'string' && /^SQLITE_(NOTADB|CANTOPEN|CORRUPT|IOERR)/.test(code)) {
    return new AppError('validation', `${file} is not a SQLite database that can be read.`)
  }
  return new AppError('validation', `${file} could not be read: ${said}`)
}
