import type { ExternalCaches } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'
import { readPluginDatabase, type PluginReadOptions } from './plugin-database'

// Rows read from one database at most; a plugin's cache can hold far more than a person browses.
const MAX_ROWS = 5_000

/** The library assets a cache row names: at its path with its content, else one holding its content elsewhere. */
export interface MatchedAssets {
  assetId: string | null
  sameContentAssetId: string | null
}

/**
 * The analysis and processing caches of any SQLite file (a plugin's data folder), read only and
 * path-gated like imports (see readPluginDatabase), each row matched to the library asset whose file path
 * and content hash it names (`asset`), or failing that to one holding the same content elsewhere (`sameContent`).
 */
export async function openExternalCaches(
  lib: Pick<Library, 'pathGate' | 'repos' | 'nativeBinding'>,
  file: string,
  options?: PluginReadOptions,
): Promise<ExternalCaches> {
  // One row past the cap tells a full table from one that holds exactly the cap.
  const read = await readPluginDatabase(lib, file, { type: 'caches', limit: MAX_ROWS + 1 }, options)
  const [analyses, processing] = [read.analyses.slice(0, MAX_ROWS), read.processing.slice(0, MAX_ROWS)]
  if (analyses.length === 0 && processing.length === 0 && !read.hasTables) {
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
