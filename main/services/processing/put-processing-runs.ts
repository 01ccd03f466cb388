import type { ChannelInput, ChannelOutput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import { cachedFileName } from '../../library/asset-file'
import { jsonOrNull } from '../workflows/values'
import { recordRun } from './cached-run'

/**
 * Adds processing runs recorded elsewhere (a library pushed to this one) between this library's assets, under the
 * names its cache knows their files by: each run whose input and output hold the contents it names and that is not
 * recorded for that input, action and config with that output yet. Others are counted stale or present, not written.
 */
export async function putProcessingRuns(
  lib: Pick<Library, 'catalog' | 'dir' | 'rowNames'>,
  { runs }: ChannelInput<'processing:put'>,
): Promise<ChannelOutput<'processing:put'>> {
  const { media, processing } = lib.catalog.repos
  const counts = { added: 0, present: 0, stale: 0 }
  for (const run of runs) {
    const [input, output] = await Promise.all([media.get(run.inputAssetId), media.get(run.outputAssetId)])
    if (!input || !output) {
      throw new AppError('not_found', `No asset ${input ? run.outputAssetId : run.inputAssetId}.`)
    }
    if (input.fileHash !== run.inputHash || output.fileHash !== run.outputHash) {
      counts.stale += 1
      continue
    }
    const [inputPath, outputPath] = [cachedFileName(lib, input), cachedFileName(lib, output)]
    const here = await processing.getCached(run.action, inputPath, run.inputHash, run.configHash)
    if (here?.outputPath === outputPath) {
      counts.present += 1
      continue
    }
    await recordRun(lib, {
      action: run.action,
      configHash: run.configHash,
      parameters: jsonOrNull(run.parameters, 'The parameters'),
      inputPath,
      inputHash: run.inputHash,
      outputPath,
      outputHash: run.outputHash,
      metadata: { inputAssetId: input.id, outputAssetId: output.id },
    })
    counts.added += 1
  }
  return counts
}
