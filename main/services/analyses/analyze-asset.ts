import { z } from 'zod'
import {
  AnalysisJob,
  ANALYZER_STREAM,
  type AnalysisResult,
  type AnalyzerName,
  type JobOf,
  type MediaAsset,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { withAssetStatus } from '../assets/asset-status'
import { streamMisfit } from '../assets/asset-streams'
import { assetContentHash, assetLocalFile } from '../assets/content-hash'
import { cachedFileName } from '../../library/asset-file'
import { analyzerConfig, getAnalyzer } from './analyzers'
import { cachedAnalysisOf } from './list-analyses'
import { configKeys, type ConfigKeys } from '../assets/config-key'
import { jobAsset } from '../assets/job-asset'
import { jobHandler } from '../../jobs/job-handler'

// Part of every analysis's hashed config: a change of what an analyzer computes bumps it, so
// results cached by the old code miss instead of being served as if nothing had changed.
const ANALYZER_VERSION = 1

/** An analyzer with its whole config (defaults filled in) and that config's cache key: what each run on an asset needs. */
export interface AnalysisPlan extends ConfigKeys {
  analyzer: AnalyzerName
  config: Record<string, unknown>
  force: boolean
}

/** Reports how far one asset's work is (0–1) and what it does. */
export type AssetProgress = (fraction: number, doing: string) => void

/**
 * The plan of an analysis request. Its cache key is the analyzer's name and version with the whole
 * config, so two analyzers never share a row and a plugin hashing the same dict finds it.
 */
export function analysisPlan(request: { analyzer: AnalyzerName; config?: unknown; force?: boolean }): AnalysisPlan {
  const config = analyzerConfig(request.analyzer, request.config ?? {})
  const keys = configKeys(
    { analyzer: request.analyzer, version: ANALYZER_VERSION, ...config },
    getAnalyzer(request.analyzer).config,
  )
  return { analyzer: request.analyzer, config, ...keys, force: request.force ?? false }
}

/** Why an analyzer cannot run on an asset (it has no stream the analyzer decodes), in words; null when it can. */
export function analysisMisfit(analyzer: AnalyzerName, asset: MediaAsset): string | null {
  return streamMisfit(asset, ANALYZER_STREAM[analyzer], analyzer)
}

/**
 * One analysis of one asset: cache first (by the file's path, current content hash and the config
 * hash, else by content and config hash under any path; a hit runs no ffmpeg), else the analyzer runs and its result replaces the cached row. While it
 * runs the asset's status is Processing, then Processed, or Error with the message. `force` runs it
 * even when cached.
 */
export async function analyseAsset(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'rowNames' | 'store' | 'tools'>,
  asset: MediaAsset,
  plan: AnalysisPlan,
  signal: AbortSignal,
  progress: AssetProgress,
  held?: () => Promise<void>,
): Promise<AnalysisResult> {
  const file = await assetLocalFile(lib, asset)
  // What the cache rows call the file: its path, or on a hub its key (`file` may be a download of it).
  const name = cachedFileName(lib, asset)
  progress(0, 'hashing')
  const fileHash = await assetContentHash(lib, asset, file, signal)
  const hit = plan.force ? null : await cacheHit(lib, name, fileHash, plan)
  if (hit) return hit
  const { ranges, metadata } = await withAssetStatus(lib, asset, () =>
    getAnalyzer(plan.analyzer).run(file, plan.config, {
      ffmpegPath: lib.tools.ffmpeg,
      durationSeconds: asset.durationSeconds,
      signal,
      onProgress: (fraction) => progress(fraction, 'analysing'),
    }),
  )
  // A job another worker took over while this one was stopped leaves its result to that one.
  await held?.()
  // The analyzer and its config go with the result: the table keeps only the config's hash.
  const recorded = { analyzer: plan.analyzer, config: plan.config, ...metadata }
  const saved = await lib.catalog.repos.analyses.save({
    filePath: name,
    fileHash,
    configHash: plan.configHash,
    ranges,
    metadata: recorded,
  })
  return { cached: false, analysis: cachedAnalysisOf(saved, fileHash) }
}

/**
 * The cached result for this file: its own row (by path), else a row of the same bytes and config under
 * another path (a plugin analysed the file before it was imported, the bytes exist twice, or on a hub another
 * person analysed them), saved under this path so the asset lists it: a library copies it and leaves that row as
 * it is; a hub, keyed by content, has the one row, which then names this path. Null when neither exists.
 */
async function cacheHit(
  lib: Uses<'analyses'>,
  file: string,
  fileHash: string,
  plan: AnalysisPlan,
): Promise<AnalysisResult | null> {
  const { analyses } = lib.catalog.repos
  const own = await analyses.getCached(file, fileHash, plan.configHash, plan.legacyConfigHash)
  if (own) return { cached: true, matchedBy: 'path', analysis: cachedAnalysisOf(own, fileHash) }
  const same = await analyses.getByContent(fileHash, plan.configHash, plan.legacyConfigHash)
  if (!same) return null
  const { configHash, ranges, metadata } = same
  const copy = await analyses.save({ filePath: file, fileHash, configHash, ranges, metadata })
  return { cached: true, matchedBy: 'content', analysis: cachedAnalysisOf(copy, fileHash) }
}

/** Starts an analysis of one asset as a job (see analyseAsset). */
export async function startAnalysis(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  request: { assetId: string; analyzer: AnalyzerName; config?: unknown; force?: boolean },
): Promise<JobOf<'analysis'>> {
  const asset = await lib.catalog.repos.media.get(request.assetId)
  if (!asset) throw new AppError('not_found', `No asset ${request.assetId}.`)
  const plan = analysisPlan(request)
  // Sound that is not there fails in ffmpeg's words, naming the library's file: say it in ours first.
  const misfit = ANALYZER_STREAM[request.analyzer] === 'audio' ? analysisMisfit(request.analyzer, asset) : null
  if (misfit) throw new AppError('validation', misfit)
  return lib.jobs.start('analysis', plan, { title: `${request.analyzer} of ${asset.name}`, assetId: asset.id })
}

/** The analysis job's handler: the plan is its parameters (the legacy key too), the asset the one stored beside it. */
export const analysisHandler = jobHandler({
  kind: 'analysis',
  params: AnalysisJob.shape.params.extend({ legacyConfigHash: z.string() }),
  result: AnalysisJob.shape.result.unwrap(),
  retryable: false,
  runs: 'anywhere',
  run: async (
    lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'rowNames' | 'store' | 'tools'>,
    plan,
    { assetId, signal, progress, held },
  ) => analyseAsset(lib, await jobAsset(lib, assetId), plan, signal, progress, held),
})
