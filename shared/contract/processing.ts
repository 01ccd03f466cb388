import { z } from 'zod'
import { CacheMatch, ProcessingRow, PutCounts } from './cache-rows'
import { jobOf } from './job-parts'
import { AssetId, ContentHash, type MediaType } from './media'
import { ConvertConfig, ExtractAudioConfig, ExtractSegmentConfig, ProxyConfig } from './processor-configs'

/** The processors there are (ffmpeg; main/services/processing/). */
export const ProcessorAction = z.enum(['convert', 'extract_segment', 'extract_audio', 'proxy'])
export type ProcessorAction = z.infer<typeof ProcessorAction>

/** The kinds of asset each processor works on (a proxy of a still image or of a song means nothing). */
export const PROCESSOR_ACCEPTS: Record<ProcessorAction, readonly MediaType[]> = {
  convert: ['video'],
  extract_segment: ['video'],
  extract_audio: ['video', 'audio'],
  proxy: ['video'],
}

/**
 * A processor and its config (fields left out take their defaults) beside the fields `extra` adds
 * (the asset of one run, or a batch's kind): one object per action, each config checked by its own schema.
 */
export function processingRequestOf<S extends z.ZodRawShape>(extra: S) {
  const of = <A extends ProcessorAction, C extends z.ZodType>(action: A, config: C) =>
    z.object({ ...extra, action: z.literal(action), config: config.optional(), force: z.boolean().optional() }).strict()
  return z.union([
    of('convert', ConvertConfig),
    of('extract_segment', ExtractSegmentConfig),
    of('extract_audio', ExtractAudioConfig),
    of('proxy', ProxyConfig),
  ])
}
const ProcessingRequest = processingRequestOf({ assetId: AssetId })

/** A processing run: a processing_jobs row, with the library assets its input and output are (null when none is). */
export const ProcessingRun = ProcessingRow.extend({
  inputAssetId: z.string().nullable(),
  outputAssetId: z.string().nullable(),
})
export type ProcessingRun = z.infer<typeof ProcessingRun>

/** What a processing job stores as its parameters: the action, its whole config and that config's hash. */
export const ProcessingParams = z.object({
  action: ProcessorAction,
  config: z.record(z.string(), z.unknown()),
  configHash: z.string(),
  force: z.boolean(),
})

/** What a processing job ends with: the run's row, its output asset, and whether it was cached (no ffmpeg ran). */
export const ProcessingResult = z.object({
  cached: z.boolean(),
  matchedBy: CacheMatch,
  run: ProcessingRow,
  outputAssetId: z.string(),
})
export type ProcessingResult = z.infer<typeof ProcessingResult>

/** A processor run on one asset as a job. */
export const ProcessingJob = jobOf('processing', ProcessingParams, ProcessingResult)

export const processingChannels = {
  /**
   * Starts a processor on an asset as a job; its output becomes a library asset (source type
   * `processed`) linked to the input by a processing_jobs row. A cached run whose output is still in
   * the library answers without running ffmpeg (the job's result says `cached`); `force` runs it anyway.
   */
  'processing:run': { input: ProcessingRequest, output: z.object({ job: ProcessingJob }) },
  /** The processing runs an asset is the input or the output of, newest first (its lineage one step each way). */
  'processing:list': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.object({ runs: z.array(ProcessingRun) }),
  },
  /**
   * Adds processing runs recorded elsewhere (a library pushed here) between two of this library's assets: each run
   * whose input and output hold the contents it names and that is not recorded yet for that input and config. Runs
   * of other contents are counted stale, runs here already present; neither is written.
   */
  'processing:put': {
    input: z
      .object({
        runs: z
          .array(
            z
              .object({
                inputAssetId: AssetId,
                outputAssetId: AssetId,
                action: z.string().min(1).max(64),
                configHash: z.string().max(200),
                inputHash: ContentHash,
                outputHash: ContentHash,
                // JSON text, as the cache stores it.
                parameters: z.string().min(1).max(60_000).nullable(),
              })
              .strict(),
          )
          .min(1)
          .max(100),
      })
      .strict(),
    output: PutCounts,
  },
} as const
