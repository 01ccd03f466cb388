import Database from 'better-sqlite3'
import type { ExternalCaches } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { readCaches } from '../../db/repos/external-caches'
import type { Library } from '../../library/library'
import { isGone } from '../health-files'

// Rows read from one database at most; a plugin's cache can hold far more than a person browses.
const MAX_ROWS = 5_000

/**
 * The analysis and processing caches of any SQLite file (a plugin's data folder), read only and
 * path-gated like imports, each row matched to the library asset whose file path and content hash
 * it names (`asset`), or failing that to one holding the same content elsewhere (`sameContent`).
 */
export function openExternalCaches(lib: Library, file: string): ExternalCaches {
  lib.pathGate.check([file], 'open')
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    if (isGone(error) || (error as { code?: string }).code === 'SQLITE_CANTOPEN') {
      throw new AppError('not_found', `No database at ${file}.`)
    }
    throw error
  }
  try {
    const { analyses, processing } = readCaches(db, MAX_ROWS)
    if (analyses.length === 0 && processing.length === 0 && !hasCacheTables(db)) {
      throw new AppError('validation', `${file} has no analysis_jobs or processing_jobs table.`)
    }
    const match = (path: string, hash: string) => {
      const atPath = lib.repos.media.byPath(path)
      const asset = atPath && lib.repos.media.get(atPath.id)?.fileHash === hash ? atPath.id : null
      return { assetId: asset, sameContentAssetId: asset ?? lib.repos.media.idWithHash(hash) }
    }
    return {
      analyses: analyses.map((row) => ({ ...row, ...match(row.filePath, row.fileHash) })),
      processing: processing.map((row) => ({
        ...row,
        input: match(row.inputPath, row.inputHash),
        output: match(row.outputPath, row.outputHash),
      })),
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB')
      throw new AppError('validation', `${file} is not a SQLite database.`)
    throw error
  } finally {
    db.close()
  }
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
