import type { ProcessingResult } from '../../../shared/contract'
import type { ProcessingCacheRow } from '../../db/repos/processing-cache'
import type { Library, Uses } from '../library-context'
import { assetLocalFile, currentContentHash } from '../assets/content-hash'
import type { ProcessingPlan } from './process-asset'

/** One run as recorded: its input file and content, its output file and content, and the assets at both ends. */
export interface RunRecord {
  action: string
  configHash: string
  parameters: unknown
  inputPath: string
  inputHash: string
  outputPath: string
  outputHash: string
  metadata: { inputAssetId: string; outputAssetId: string; sameContentAs?: string }
}

/** Saves a run under a new Framevault job id; its row as stored. */
export function recordRun(lib: Uses<'processing'>, run: RunRecord): Promise<ProcessingCacheRow> {
  return lib.catalog.repos.processing.save({ ...run, jobId: `framevault:${crypto.randomUUID()}` })
}

/**
 * The cached run for this input, its output still in the library with the content the run made: the
 * input path's own run, else a run of the same action and config on the same bytes under another path
 * (a content-addressed hit), recorded again for this input so its lineage shows it: a library adds a row and
 * leaves the other as it is; a hub, keyed by content, has the one row, which then names this input. Null when
 * there is none.
 */
export async function cachedRun(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'store'>,
  input: { assetId: string; path: string; hash: string },
  plan: ProcessingPlan,
  signal: AbortSignal,
): Promise<ProcessingResult | null> {
  const { processing } = lib.catalog.repos
  const own = await processing.getCached(plan.action, input.path, input.hash, plan.configHash, plan.legacyConfigHash)
  const ownOutput = own && (await outputStillThere(lib, own, signal))
  if (own && ownOutput) return { cached: true, matchedBy: 'path', run: own, outputAssetId: ownOutput }
  for (const run of await processing.byContent(plan.action, input.hash, plan.configHash, plan.legacyConfigHash)) {
    if (run.inputPath === input.path) continue
    const outputAssetId = await outputStillThere(lib, run, signal)
    if (!outputAssetId) continue
    const { action, configHash, parameters, inputHash, outputPath, outputHash } = run
    const copy = await recordRun(lib, {
      ...{ action, configHash, parameters, inputHash, outputPath, outputHash },
      inputPath: input.path,
      metadata: { inputAssetId: input.assetId, outputAssetId, sameContentAs: run.jobId },
    })
    return { cached: true, matchedBy: 'content', run: copy, outputAssetId }
  }
  return null
}

/** The asset id of a cached run's output when its file is still there with the content the run made; null otherwise. */
async function outputStillThere(
  lib: Pick<Library, 'catalog' | 'dir' | 'ingest' | 'store'>,
  run: ProcessingCacheRow,
  signal: AbortSignal,
): Promise<string | null> {
  const asset = await lib.catalog.repos.media.byPath(run.outputPath)
  if (!asset) return null
  // On a hub the run names the output by key: its bytes are read from the store.
  const now = await assetLocalFile(lib, asset)
    .then((file) => currentContentHash(lib, file, signal))
    .catch(() => null)
  return now === run.outputHash ? asset.id : null
}
