import { AppError } from '../../../shared/errors'
import { assetFile, ownedKey } from '../../library/asset-file'
import type { Library } from '../../library/library'
import { fileStamp } from '../../storage/linked-files'
import { isGone } from '../health/health-files'

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
  lib: Pick<Library, 'ingest' | 'repos'>,
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

/** A local file with an asset's bytes for ffmpeg and analyzers: a copy's from the object store, a linked asset's own. */
export async function assetLocalFile(
  lib: Pick<Library, 'dir' | 'store'>,
  asset: { name: string; filePath: string; storage: 'copy' | 'link' },
): Promise<string> {
  if (asset.storage === 'link') return assetFile(lib, asset.filePath)
  return lib.store.localFile(ownedKey(lib, asset.filePath)).catch((error: unknown) => {
    if (isGone(error)) throw missingAssetFile(asset, assetFile(lib, asset.filePath))
    throw error
  })
}

function missingAssetFile(asset: { name: string }, file: string): AppError {
  return new AppError('not_found', `The file of ${asset.name} is missing: ${file}`)
}
