import { AppError } from '../../../shared/errors'
import { assetFile } from '../../library/asset-file'
import type { Library } from '../library-context'
import { assetBytesFile } from '../../storage/asset-bytes'
import { fileStamp, isGone } from '../../storage/linked-files'
import { unflagIfFound } from '../health/health-files'

/** A file's SHA-256 now: read again only when its size or modification time changed since it was last hashed. */
export async function currentContentHash(
  lib: Pick<Library, 'ingest'>,
  file: string,
  signal: AbortSignal,
): Promise<string> {
  return lib.ingest.contentHash(file, await fileStamp(file), { signal, onBytes: () => {} })
}

/** The current content hash of an asset's file; AppError not_found naming the asset when the file is gone. */
export async function assetContentHash(
  lib: Pick<Library, 'ingest'>,
  asset: { name: string },
  file: string,
  signal: AbortSignal,
): Promise<string> {
  try {
    return await currentContentHash(lib, file, signal)
  } catch (error) {
    if (isGone(error)) throw missingAssetFile(asset, file)
    throw error
  }
}

/** A local file with an asset's bytes for ffmpeg and analyzers (asset-bytes.ts); not_found naming the asset when it is gone. */
export async function assetLocalFile(
  lib: Pick<Library, 'catalog' | 'dir' | 'store'>,
  asset: { id: string; name: string },
): Promise<string> {
  const stored = await lib.catalog.repos.media.fileOf(asset.id)
  if (!stored) throw new AppError('not_found', `No asset with id ${asset.id}.`)
  const file = await assetBytesFile(lib, stored).catch((error: unknown) => {
    if (isGone(error)) throw missingAssetFile(asset, assetFile(lib, stored.filePath))
    throw error
  })
  // A job that finds the file of an asset flagged missing clears the flag.
  await unflagIfFound(lib, { id: asset.id, flaggedMissing: stored.flaggedMissing }, file)
  return file
}

function missingAssetFile(asset: { name: string }, file: string): AppError {
  return new AppError('not_found', `The file of ${asset.name} is missing: ${file}`)
}
