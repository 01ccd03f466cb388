import type { AnalyzerName, CachedAnalysis, FoundAnalysis } from '../../../shared/contract'
import { recordedAnalyzer } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { cachedFileName } from '../../library/asset-file'
import { assetLocalFile } from '../assets/content-hash'
import { isGone } from '../../storage/linked-files'
import { currentContentHash } from '../assets/content-hash'
import type { AnalysisCacheRow } from '../../db/repos/analysis-cache'

/** Deletes one cached analysis of an asset's file; not_found when the asset has no such row. */
export async function deleteAnalysis(
  lib: Pick<Library, 'catalog' | 'dir' | 'rowNames'>,
  assetId: string,
  analysisId: number,
): Promise<{ deleted: true }> {
  const { analyses, media } = lib.catalog.repos
  const asset = await media.get(assetId)
  const row = await analyses.get(analysisId)
  // Only a row of this asset's file: an id alone must not reach another file's results.
  if (!asset || !row || row.filePath !== cachedFileName(lib, asset) || !(await analyses.delete(analysisId))) {
    throw new AppError('not_found', `No cached analysis ${analysisId} of asset ${assetId}.`)
  }
  return { deleted: true }
}

/** The cached analyses of an asset's file, newest first; valid while the file's content is what they saw. */
export async function listAnalyses(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'rowNames' | 'store'>,
  assetId: string,
): Promise<{ analyses: CachedAnalysis[] }> {
  const asset = await lib.catalog.repos.media.get(assetId)
  if (!asset) throw new AppError('not_found', `No asset ${assetId}.`)
  const name = cachedFileName(lib, asset)
  const rows = await lib.catalog.repos.analyses.forFile(name)
  if (rows.length === 0) return { analyses: [] }
  // A file that is gone has no content any cached row could match.
  const now = await assetLocalFile(lib, asset)
    .then((file) => currentContentHash(lib, file, new AbortController().signal))
    .catch((error: unknown) => {
      if (isGone(error) || (error instanceof AppError && error.code === 'not_found')) return null
      throw error
    })
  const sources = await lib.catalog.repos.analysisSources.forFile(name)
  return { analyses: rows.map((row) => ({ ...cachedAnalysisOf(row, now), broughtFrom: sources.get(row.id) ?? null })) }
}

/** A cache row as the UI shows it: with the analyzer and config it records, valid while the file's content is `contentHash`. */
export function cachedAnalysisOf(row: AnalysisCacheRow, contentHash: string | null): CachedAnalysis {
  return { ...row, ...recordedRun(row.metadata), valid: row.fileHash === contentHash }
}

/** The analyzer (under any key a plugin names it by) and the config a row's metadata records; null where it does not. */
function recordedRun(metadata: unknown): { analyzer: string | null; config: unknown } {
  const config = typeof metadata === 'object' && metadata !== null && 'config' in metadata ? metadata.config : null
  return { analyzer: recordedAnalyzer(metadata), config: config ?? null }
}

/** Cached analyses across the library, newest first (see the `analysis:search` contract entry). */
export async function searchAnalyses(
  lib: Uses<'analysisSearch'>,
  request: { analyzer?: AnalyzerName; label?: string; stale?: boolean; limit: number; cursor?: string },
): Promise<{ analyses: FoundAnalysis[]; nextCursor: string | null }> {
  const rows = await lib.catalog.repos.analysisSearch.search({
    analyzer: request.analyzer ?? null,
    label: request.label ?? null,
    after: request.cursor === undefined ? null : decodeCursor(request.cursor),
    limit: request.limit,
  })
  const found = rows.map(({ assetHash, ...row }) => ({
    ...row,
    ...recordedRun(row.metadata),
    valid: assetHash !== null && row.fileHash === assetHash,
  }))
  const last = rows.at(-1)
  return {
    analyses: request.stale ? found.filter((analysis) => !analysis.valid) : found,
    nextCursor: rows.length === request.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  }
}

function encodeCursor(createdAt: number, id: number): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: number; id: number } {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = null
  }
  const [createdAt, id] = Array.isArray(decoded) ? (decoded as unknown[]) : []
  if (typeof createdAt !== 'number' || !Number.isInteger(id)) {
    throw new AppError('validation', 'Invalid cursor: pass back the nextCursor of the previous page.')
  }
  return { createdAt, id: id as number }
}
