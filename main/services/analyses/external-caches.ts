import type { ExternalCaches } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import type { MediaRepo } from '../../db/repos/media'
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
  lib: Pick<Library, 'catalog' | 'pathGate' | 'nativeBinding'>,
  file: string,
  options?: PluginReadOptions,
): Promise<ExternalCaches> {
  // One row past the cap tells a full table from one that holds exactly the cap.
  const read = await readPluginDatabase(lib, file, { type: 'caches', limit: MAX_ROWS + 1 }, options)
  const [analyses, processing] = [read.analyses.slice(0, MAX_ROWS), read.processing.slice(0, MAX_ROWS)]
  if (analyses.length === 0 && processing.length === 0 && !read.hasTables) {
    throw new AppError('validation', `${file} has no analysis_jobs or processing_jobs table.`)
  }
  const match = assetMatcher(lib.catalog.repos.media)
  return {
    analyses: await Promise.all(
      analyses.map(async (row) => ({ ...row, ...(await match(row.filePath, row.fileHash)) })),
    ),
    processing: await Promise.all(
      processing.map(async (row) => ({
        ...row,
        input: await match(row.inputPath, row.inputHash),
        output: await match(row.outputPath, row.outputHash),
      })),
    ),
    truncated: { analyses: read.analyses.length > MAX_ROWS, processing: read.processing.length > MAX_ROWS },
  }
}

/**
 * Matches cache rows to library assets (see MatchedAssets) through `media` (inside a transaction, that transaction's
 * own); plugin rows repeat a few files many times, so each (path, hash) is looked up once.
 */
export function assetMatcher(
  media: Pick<MediaRepo, 'idAtPathWithHash' | 'idWithHash'>,
): (path: string, hash: string) => Promise<MatchedAssets> {
  const matched = new Map<string, Promise<MatchedAssets>>()
  const lookUp = async (path: string, hash: string): Promise<MatchedAssets> => {
    const assetId = await media.idAtPathWithHash(path, hash)
    return { assetId, sameContentAssetId: assetId ?? (await media.idWithHash(hash)) }
  }
  return (path, hash) => {
    const key = `${path}\0${hash}`
    let found = matched.get(key)
    if (!found) {
      found = lookUp(path, hash)
      matched.set(key, found)
    }
    return found
  }
}
