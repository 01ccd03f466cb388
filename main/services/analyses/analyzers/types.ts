import type { z } from 'zod'
import { AnalyzerName } from '../../../../shared/contract/analyses'

/** One stretch of a file an analyzer found, in seconds from the start of the decoded stream. */
export interface AnalysisRange {
  start: number
  end: number
  label: string
  /** 0..1 where the detector gives a score (a cut's scene score). */
  confidence?: number
  payload?: Record<string, unknown>
}

/** What an analyzer returns: the `ranges` and `metadata` columns of an analysis_jobs row. */
export interface AnalyzerOutput {
  ranges: AnalysisRange[]
  metadata: Record<string, unknown>
}

/** Where and how an analyzer runs. */
export interface AnalyzerContext {
  ffmpegPath: string
  /** The file's duration (from the probe); progress is reported only when it is known. */
  durationSeconds: number | null
  signal?: AbortSignal
  /** 0..1, rising; 1 once the run has finished. */
  onProgress?: (fraction: number) => void
}

/** An ffmpeg-filter analysis with its config schema (defaults included: `config.parse({})` is the default config). */
export interface Analyzer<C> {
  name: AnalyzerName
  config: z.ZodType<C>
  run(file: string, config: C, ctx: AnalyzerContext): Promise<AnalyzerOutput>
}

/** The analyzers there are: the contract's list, which checks what channels ask for. */
export const ANALYZER_NAMES = AnalyzerName.options
export type { AnalyzerName }
