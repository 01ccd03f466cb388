import type { BatchCounts, BatchWork as StoredWork, BatchWorkRequest, Job, MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import { analyseAsset, analysisMisfit, analysisPlan, type AssetProgress } from '../analyses/analyze-asset'
import { processAsset, processingArgs, processingPlan } from '../processing/process-asset'

/** What one asset's run of a batch's work came to: a cache hit or a run, and the analysis row or output asset it left. */
export interface StepDone {
  cached: boolean
  analysisId: number | null
  outputAssetId: string | null
}

/** A batch's run: its assets in order, its step, and the outcome counts it adds to as each asset ends. */
export interface BatchWork {
  ids: readonly string[]
  step: BatchStep
  counts: BatchCounts
}

/** What a batch step reads of the library: the parts the single-asset analysis and processing use. */
export type StepLibrary = Pick<
  Library,
  'actor' | 'catalog' | 'dir' | 'importer' | 'ingest' | 'rowNames' | 'store' | 'tools'
>

/** A batch's work, planned once: what it stores, what it is called, whether it fits an asset, and its run on one asset. */
export interface BatchStep {
  work: StoredWork
  label: string
  /** Why the work does not fit the asset, in words; null when it does. */
  misfit(asset: MediaAsset): string | null
  run(lib: StepLibrary, asset: MediaAsset, signal: AbortSignal, progress: AssetProgress): Promise<StepDone>
  /**
   * The same work on one asset as a job of its own (for a team library's workers), asked for by `requestedBy`; its
   * kind is one asset-jobs.ts follows.
   */
  start(lib: Pick<Library, 'jobs'>, asset: MediaAsset, requestedBy?: string): Promise<Job>
}

/** The step of a batch's work: the single-asset analysis or processing, planned once for every asset. */
export function batchStep(request: BatchWorkRequest): BatchStep {
  if (request.kind === 'analysis') {
    const plan = analysisPlan(request)
    return {
      work: { kind: 'analysis', ...plan },
      label: plan.analyzer,
      misfit: (asset) => analysisMisfit(plan.analyzer, asset),
      async run(lib, asset, signal, progress) {
        const { cached, analysis } = await analyseAsset(lib, asset, plan, signal, progress)
        return { cached, analysisId: analysis.id, outputAssetId: null }
      },
      start: (lib, asset, requestedBy) =>
        lib.jobs.start('analysis', plan, {
          title: `${plan.analyzer} of ${asset.name}`,
          assetId: asset.id,
          requestedBy,
        }),
    }
  }
  const plan = processingPlan(request)
  return {
    work: { kind: 'processing', ...plan },
    label: plan.action,
    misfit(asset) {
      try {
        processingArgs(plan, asset)
        return null
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation') return error.message
        throw error
      }
    },
    async run(lib, asset, signal, progress) {
      const { cached, outputAssetId } = await processAsset(lib, asset, plan, signal, progress)
      return { cached, analysisId: null, outputAssetId }
    },
    start: (lib, asset, requestedBy) =>
      lib.jobs.start('processing', plan, { title: `${plan.action} of ${asset.name}`, assetId: asset.id, requestedBy }),
  }
}
