import Database from 'better-sqlite3'
import type { ExternalCaches } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { readCaches } from '../../db/repos/external-caches'
import type { Library } from '../../library/library'
import { isGone } from '../health/health-files'
import { statLinkedSync, type LinkedStats } from '../../storage/linked-files'

// Rows read from one database at most; a plugin's cache can hold far more than a person browses.
const MAX_ROWS = 5_000

/** The library assets a cache row names: at its path with its content, else one holding its content elsewhere. */
export interface MatchedAssets {
  assetId: string | null
  sameContentAssetId: string | null
}

/**
 * The analysis and processing caches of any SQLite file (a plugin's data folder), read only and
 * path-gated like imports, each row matched to the library asset whose file path and content hash
 * it names (`asset`), or failing that to one holding the same content elsewhere (`sameContent`).
 */
export function openExternalCaches(lib: Pick<Library, 'pathGate' | 'repos'>, file: string): ExternalCaches {
  return readPluginDatabase(lib, file, (db) => {
    // One row past the cap tells a full table from one that holds exactly the cap.
    const read = readCaches(db, MAX_ROWS + 1, file)
    const [analyses, processing] = [read.analyses.slice(0, MAX_ROWS), read.processing.slice(0, MAX_ROWS)]
    if (analyses.length === 0 && processing.length === 0 && !hasCacheTables(db)) {
      throw new AppError('validation', `${file} has no analysis_jobs or processing_jobs table.`)
    }
    const match = assetMatcher(lib)
    return {
      analyses: analyses.map((row) => ({ ...row, ...match(row.filePath, row.fileHash) })),
      processing: processing.map((row) => ({
        ...row,
        input: match(row.inputPath, row.inputHash),
        output: match(row.outputPath, row.outputHash),
      })),
      truncated: { analyses: read.analyses.length > MAX_ROWS, processing: read.processing.length > MAX_ROWS },
    }
  })
}

/** Runs `read` over a plugin's SQLite file opened read only (path-gated like imports) and closes it; SQLite's refusals in words. */
export function readPluginDatabase<T>(
  lib: Pick<Library, 'pathGate'>,
  file: string,
  read: (db: Database.Database) => T,
): T {
  lib.pathGate.check([file], 'open')
  const db = openReadOnly(file)
  try {
    return read(db)
  } catch (error) {
    throw unreadable(file, error)
  } finally {
    db.close()
  }
}

/** Matches cache rows to library assets (see MatchedAssets); plugin rows repeat a few files many times, so each (path, hash) is looked up once. */
export function assetMatcher(lib: Pick<Library, 'repos'>): (path: string, hash: string) => MatchedAssets {
  const matched = new Map<string, MatchedAssets>()
  return (path, hash) => {
    const key = `${path}\0${hash}`
    let found = matched.get(key)
    if (!found) {
      const asset = lib.repos.media.idAtPathWithHash(path, hash)
      found = { assetId: asset, sameContentAssetId: asset ?? lib.repos.media.idWithHash(hash) }
      matched.set(key, found)
    }
    return found
  }
}

/** The file opened read only; AppError not_found when nothing is there, validation when it is no database. */
function openReadOnly(file: string): Database.Database {
  let info: LinkedStats
  try {
    info = statLinkedSync(file)
  } catch (error) {
    if (isGone(error)) throw new AppError('not_found', `No database at ${file}.`)
    throw error
  }
  if (!info.isFile()) throw new AppError('validation', `${file} is a folder, not a database file.`)
  try {
    return new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw unreadable(file, error)
  }
}

/** SQLite's refusals of a file as a validation error in words; anything else as it was. */
function unreadable(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && /^SQLITE_(NOTADB|CANTOPEN|CORRUPT|IOERR)/.test(code)) {
    return new AppError('validation', `${file} is not a SQLite database that can be read.`)
  }
  return error
}

function hasCacheTables(db: Database.Database): boolean {
  return (
    db
      .prepare<[], number>(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('analysis_jobs', 'processing_jobs')",
      )
      .pluck()
      .get() !== 0
  )
}
