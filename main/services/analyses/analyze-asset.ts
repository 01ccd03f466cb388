import type { AnalyzerName, JobOf } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { withAssetStatus } from '../assets/asset-status'
import { assetContentHash } from '../assets/content-hash'
import { assetFile } from '../../library/asset-file'
import { analyzerConfig, getAnalyzer } from './analyzers'
import { cachedAnalysisOf } from './list-analyses'
import { configHash } from '../../hashing/canonical-json'

// Part of every analysis's hashed config: a change of what an analyzer computes bumps it, so
// results cached by the old code miss instead of being served as if nothing had changed.
const ANALYZER_VERSION = 1

/**
 * What an analysis is cached under: the analyzer's name and version with its whole config (defaults
 * filled in), so two analyzers never share a row and a plugin hashing the same dict finds it.
 */
function hashedConfig(analyzer: AnalyzerName, config: Record<string, unknown>): Record<string, unknown> {
  return { analyzer, version: ANALYZER_VERSION, ...config }
}

/**
 * Starts an analysis of one asset as a job: cache first (by the file's path, current content hash
 * and the config hash; a hit runs no ffmpeg), else the analyzer runs with progress and its result
 * replaces the cached row. While it runs the asset's status is Processing, then Processed, or
 * Error with the message. `force` runs it even when cached.
 */
export function startAnalysis(
  lib: Library,
  request: { assetId: string; analyzer: AnalyzerName; config?: unknown; force?: boolean },
): JobOf<'analysis'> {
  const asset = lib.repos.media.get(request.assetId)
  if (!asset) throw new AppError('not_found', `No asset ${request.assetId}.`)
  const config = analyzerConfig(request.analyzer, request.config ?? {})
  const hash = configHash(hashedConfig(request.analyzer, config))
  const file = assetFile(lib, asset.filePath)
  return lib.jobs.start(
    {
      kind: 'analysis',
      title: `${request.analyzer} of ${asset.name}`,
      assetId: asset.id,
      params: { analyzer: request.analyzer, config, configHash: hash, force: request.force ?? false },
    },
    async ({ signal, progress }) => {
      progress(0, 'hashing')
      const fileHash = await assetContentHash(lib, asset, file, signal)
      const cached = request.force ? null : lib.repos.analyses.getCached(file, fileHash, hash)
      if (cached) return { cached: true, analysis: cachedAnalysisOf(cached, fileHash) }
      const { ranges, metadata } = await withAssetStatus(lib, asset.id, () =>
        getAnalyzer(request.analyzer).run(file, config, {
          ffmpegPath: lib.tools.ffmpeg,
          durationSeconds: asset.durationSeconds,
          signal,
          onProgress: (fraction) => progress(fraction, 'analysing'),
        }),
      )
      // The analyzer and its config go with the result: the table keeps only the config's hash.
      const recorded = { analyzer: request.analyzer, config, ...metadata }
      lib.repos.analyses.save({ filePath: file, fileHash, configHash: hash, ranges, metadata: recorded })
      return {
        cached: false,
        analysis: cachedAnalysisOf(lib.repos.analyses.getCached(file, fileHash, hash)!, fileHash),
      }
    },
  )
}
