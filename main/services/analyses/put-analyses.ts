import type { ChannelInput, ChannelOutput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import { cachedFileName } from '../../library/asset-file'
import { jsonOrNull } from '../workflows/values'

/**
 * Adds analyses cached elsewhere (a library pushed to this one) to an asset's file, under the name this library's
 * cache knows it by: each row made from the asset's content (its recorded SHA-256) that is not cached for the file
 * under its config yet. A row of other content is counted stale, one here already present; neither is written.
 */
export async function putAnalyses(
  lib: Pick<Library, 'catalog' | 'dir' | 'rowNames'>,
  { assetId, rows }: ChannelInput<'analysis:put'>,
): Promise<ChannelOutput<'analysis:put'>> {
  const asset = await lib.catalog.repos.media.get(assetId)
  if (!asset) throw new AppError('not_found', `No asset ${assetId}.`)
  const file = cachedFileName(lib, asset)
  const counts = { added: 0, present: 0, stale: 0 }
  await lib.catalog.transaction(async ({ analyses }) => {
    for (const { fileHash, configHash, ranges, metadata } of rows) {
      if (fileHash !== asset.fileHash) counts.stale += 1
      else if (await analyses.getCached(file, fileHash, configHash)) counts.present += 1
      else {
        await analyses.save({
          filePath: file,
          fileHash,
          configHash,
          ranges: jsonOrNull(ranges, 'The ranges'),
          metadata: jsonOrNull(metadata, 'The metadata'),
        })
        counts.added += 1
      }
    }
  })
  return counts
}
