import path from 'node:path'
import { z } from 'zod'
import {
  PROCESSOR_ACCEPTS,
  ProcessingJob,
  type JobOf,
  type MediaAsset,
  type ProcessingResult,
  type ProcessingRun,
  type ProcessorAction,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { newUploadFile, removeQuietly } from '../../library/atomic-write'
import type { Library } from '../library-context'
import { runFfmpeg } from '../../media/ffmpeg-run'
import { fileStamp } from '../../storage/linked-files'
import { configKeys, type ConfigKeys } from '../assets/config-key'
import { withAssetStatus } from '../assets/asset-status'
import { audioTrackCount } from '../../../shared/audio-tracks'
import type { AssetProgress } from '../analyses/analyze-asset'
import { assetContentHash, assetLocalFile } from '../assets/content-hash'
import { cachedFileName } from '../../library/asset-file'
import { importAndWait } from '../assets/imports'
import { jobAsset } from '../assets/job-asset'
import { jobHandler } from '../../jobs/job-handler'
import { cachedRun, recordRun } from './cached-run'
import { stackOutput } from '../stacks/stacks'
import { MUXERS, processors } from './processors'

// Part of every run's hashed config: a change of what a processor makes bumps it.
const PROCESSOR_VERSION = 1

/** A processor with its whole config (defaults filled in) and that config's cache key: what each run on an asset needs. */
export interface ProcessingPlan extends ConfigKeys {
  action: ProcessorAction
  config: Record<string, unknown>
  force: boolean
}

/** The plan of a processing request; throws the config schema's error for a bad config. */
export function processingPlan(request: {
  action: ProcessorAction
  config?: unknown
  force?: boolean
}): ProcessingPlan {
  // Every processor's config is an object schema.
  const schema = processors[request.action].config
  const config = schema.parse(request.config ?? {}) as Record<string, unknown>
  const keys = configKeys({ action: request.action, version: PROCESSOR_VERSION, ...config }, schema)
  return { action: request.action, config, ...keys, force: request.force ?? false }
}

/** How ffmpeg runs a processor on an asset (options before and after its input, and the seconds it makes). */
type ProcessingArgs = ReturnType<(typeof processors)[ProcessorAction]['args']>

/**
 * How ffmpeg runs a plan on an asset; AppError 'validation' saying in words why the processor does not
 * fit the asset (a proxy of a still image or of a song means nothing; no sound to extract; a segment past the end).
 */
export function processingArgs(plan: ProcessingPlan, asset: MediaAsset): ProcessingArgs {
  const accepts = PROCESSOR_ACCEPTS[plan.action]
  if (!accepts.includes(asset.mediaType)) {
    throw new AppError(
      'validation',
      `${plan.action} works on ${accepts.join(' and ')} assets; ${asset.name} is ${asset.mediaType}.`,
    )
  }
  return processors[plan.action].args(plan.config, {
    mediaType: asset.mediaType,
    seconds: asset.durationSeconds,
    audioTracks: audioTrackCount(asset.metadata),
  })
}

/**
 * One processor run on one asset (see processingArgs for the assets it fits). Cache first (cachedRun): a run of the same action, input content and config
 * whose output is still in the library with the content it had answers without ffmpeg, under this path or another. Otherwise
 * ffmpeg writes the output into the library's temp folder, it is imported as an asset of source type
 * `processed` (a duplicate of an existing asset links to that one), and a processing_jobs row links
 * input to output by path and content hash; the output joins the input's stack. The input asset is Processing meanwhile.
 */
export async function processAsset(
  lib: Pick<Library, 'actor' | 'catalog' | 'dir' | 'importer' | 'ingest' | 'rowNames' | 'store' | 'tools'>,
  asset: MediaAsset,
  plan: ProcessingPlan,
  signal: AbortSignal,
  progress: AssetProgress,
  held?: () => Promise<void>,
): Promise<ProcessingResult> {
  const processor = processors[plan.action]
  const { config, configHash: hash } = plan
  const input = await assetLocalFile(lib, asset)
  // What the runs call the files: their paths, or on a hub their keys (`input` may be a download).
  const inputName = cachedFileName(lib, asset)
  progress(0, 'hashing')
  const inputHash = await assetContentHash(lib, asset, input, signal)
  const hit = plan.force
    ? null
    : await cachedRun(lib, { assetId: asset.id, path: inputName, hash: inputHash }, plan, signal)
  if (hit) return hit
  const args = processingArgs(plan, asset)
  const output = await withAssetStatus(lib, asset, () =>
    makeOutput(lib, input, args, processor.extension(config), signal, (fraction) => progress(fraction, 'processing')),
  )
  progress(1, 'importing')
  // A job another worker took over while this one was stopped leaves its output to that one.
  await held?.().catch(async (error: unknown) => {
    await removeQuietly(output)
    throw error
  })
  const outputName = `${path.parse(asset.name).name} (${processor.describe(config)}).${processor.extension(config)}`
  const outputAssetId = await importOutput(lib, output, outputName)
  const made = (await lib.catalog.repos.media.get(outputAssetId))!
  const run = await recordRun(lib, {
    action: plan.action,
    configHash: hash,
    parameters: config,
    inputPath: inputName,
    inputHash,
    outputPath: cachedFileName(lib, made),
    outputHash: made.fileHash!,
    metadata: { inputAssetId: asset.id, outputAssetId },
  })
  await stackOutput(lib, asset.id, outputAssetId, plan.action)
  return { cached: false, run, outputAssetId }
}

/** Starts a processor on one asset as a job (see processAsset); AppError 'validation' when it does not work on the asset. */
export async function startProcessing(
  lib: Pick<Library, 'catalog' | 'jobs'>,
  request: { assetId: string; action: ProcessorAction; config?: unknown; force?: boolean },
): Promise<JobOf<'processing'>> {
  const asset = await lib.catalog.repos.media.get(request.assetId)
  if (!asset) throw new AppError('not_found', `No asset ${request.assetId}.`)
  const plan = processingPlan(request)
  processingArgs(plan, asset)
  return lib.jobs.start('processing', plan, { title: `${request.action} of ${asset.name}`, assetId: asset.id })
}

/** The processing job's handler: the plan is its parameters (the legacy key too), the asset the one stored beside it. */
export const processingHandler = jobHandler({
  kind: 'processing',
  params: ProcessingJob.shape.params.extend({ legacyConfigHash: z.string() }),
  result: ProcessingJob.shape.result.unwrap(),
  retryable: false,
  runs: 'anywhere',
  run: async (
    lib: Pick<Library, 'actor' | 'catalog' | 'dir' | 'importer' | 'ingest' | 'rowNames' | 'store' | 'tools'>,
    plan,
    { assetId, signal, progress, held },
  ) => processAsset(lib, await jobAsset(lib, assetId), plan, signal, progress, held),
})

/** Runs ffmpeg into a temp file of the library; returns its path (removed again if anything fails). */
async function makeOutput(
  lib: Pick<Library, 'dir' | 'tools'>,
  input: string,
  plan: { before: string[]; after: string[]; seconds: number | null },
  extension: string,
  signal: AbortSignal,
  onFraction: (fraction: number) => void,
): Promise<string> {
  // An upload's temp name: a crashed process's leftover is swept at the next start like any upload's.
  const output = await newUploadFile(lib.dir)
  try {
    await runFfmpeg(
      lib.tools.ffmpeg,
      ['-v', 'error', ...plan.before, '-i', input, ...plan.after, '-f', MUXERS[extension]!, '-y', output],
      { signal, onProgress: (seconds) => plan.seconds && onFraction(Math.min(1, seconds / plan.seconds)) },
    )
    return output
  } catch (error) {
    await removeQuietly(output)
    throw error
  }
}

/** Imports a made file as a `processed` asset (the importer moves it in and removes the temp); its asset id. */
async function importOutput(
  lib: Pick<Library, 'actor' | 'catalog' | 'importer'>,
  file: string,
  name: string,
): Promise<string> {
  const { size } = await fileStamp(file)
  const { items } = await importAndWait(lib, {
    source: 'upload',
    uploads: [{ path: file, name, originalPath: null, size, uploaded: true }],
    importedBy: lib.actor,
    sourceType: 'processed',
  })
  const assetId = items[0]?.asset?.id
  if (!assetId) throw new AppError('internal', `The output could not be imported: ${items[0]?.reason ?? 'no outcome'}`)
  return assetId
}

/** The runs an asset is the input or the output of, newest first, with the library assets at both ends. */
export async function listProcessing(
  lib: Pick<Library, 'catalog' | 'dir' | 'rowNames'>,
  assetId: string,
): Promise<{ runs: ProcessingRun[] }> {
  const { media, processing } = lib.catalog.repos
  const asset = await media.get(assetId)
  if (!asset) throw new AppError('not_found', `No asset ${assetId}.`)
  const runs = await processing.touching(cachedFileName(lib, asset))
  return {
    runs: await Promise.all(
      runs.map(async (run) => ({
        ...run,
        inputAssetId: (await media.byPath(run.inputPath))?.id ?? null,
        outputAssetId: (await media.byPath(run.outputPath))?.id ?? null,
      })),
    ),
  }
}
