import type { CachedAnalysis } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { assetFile, isGone } from '../health-files'
import { currentContentHash } from './analyze-asset'

/** Deletes one cached analysis of an asset's file; not_found when the asset has no such row. */
export function deleteAnalysis(lib: Library, assetId: string, analysisId: number): { deleted: true } {
  const asset = lib.repos.media.get(assetId)
  const row = lib.repos.analyses.get(analysisId)
  // Only a row of this asset's file: an id alone must not reach another file's results.
  if (!asset || !row || row.filePath !== assetFile(lib, asset.filePath) || !lib.repos.analyses.delete(analysisId)) {
    throw new AppError('not_found', `No cached analysis ${analysisId} of asset ${assetId}.`)
  }
  return { deleted: true }
}

/** The cached analyses of an asset's file, newest first; valid while the file's content is what they saw. */
export async function listAnalyses(lib: Library, assetId: string): Promise<{ analyses: CachedAnalysis[] }> {
  const asset = lib.repos.media.get(assetId)
  if (!asset) throw new AppError('not_found', `No asset ${assetId}.`)
  const file = assetFile(lib, asset.filePath)
  const rows = lib.repos.analyses.forFile(file)
  if (rows.length === 0) return { analyses: [] }
  // A file that is gone has no content any cached row could match.
  const now = await currentContentHash(lib, file, new AbortController().signal).catch((error: unknown) => {
    if (isGone(error)) return null
    throw error
  })
  return {
    analyses: rows.map((row) => {
      const recorded = isRecord(row.metadata) ? row.metadata : {}
      return {
        ...row,
        analyzer: typeof recorded.analyzer === 'string' ? recorded.analyzer : null,
        config: recorded.config ?? null,
        valid: row.fileHash === now,
      }
    }),
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
