import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { fileStamp } from '../../storage/linked-files'
import { isGone } from '../health/health-files'

/** A file's SHA-256 now: read again only when its size or modification time changed since it was last hashed. */
export async function currentContentHash(lib: Library, file: string, signal: AbortSignal): Promise<string> {
  return lib.ingest.contentHash(file, await fileStamp(file), { signal, onBytes: () => {} })
}

/** The current content hash of an asset's file; AppError not_found naming the asset when the file is gone. */
export async function assetContentHash(
  lib: Library,
  asset: { name: string },
  file: string,
  signal: AbortSignal,
): Promise<string> {
  try {
    return await currentContentHash(lib, file, signal)
  } catch (error) {
    if (isGone(error)) throw new AppError('not_found', `The file of ${asset.name} is missing: ${file}`)
    throw error
  }
}
