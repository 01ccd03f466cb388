import { MEDIA_STATUS, type MediaAsset } from '../../../shared/contract'
import type { Uses } from '../library-context'

// Jobs running per asset in this process: the status says Processing until the last one ends.
const runningOn = new Map<string, number>()

/**
 * Runs `work` with the asset marked Processing; Processed after, Error with the message if it fails, and back to its
 * status as `asset` was read if it is cancelled.
 */
export async function withAssetStatus<T>(
  lib: Uses<'media'>,
  asset: Pick<MediaAsset, 'id' | 'status'>,
  work: () => Promise<T>,
): Promise<T> {
  const { media } = lib.catalog.repos
  const { id: assetId, status: before } = asset
  runningOn.set(assetId, (runningOn.get(assetId) ?? 0) + 1)
  await media.setStatus(assetId, MEDIA_STATUS.processing, null)
  const last = () => {
    const left = (runningOn.get(assetId) ?? 1) - 1
    if (left > 0) runningOn.set(assetId, left)
    else runningOn.delete(assetId)
    return left === 0
  }
  try {
    const result = await work()
    if (last()) await media.setStatus(assetId, MEDIA_STATUS.processed, null)
    return result
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // A cancel is no error of the asset: it goes back to what it was.
    if (last())
      await media.setStatus(assetId, isAbort(error) ? before : MEDIA_STATUS.error, isAbort(error) ? null : message)
    throw error
  }
}

function isAbort(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'AbortError'
}
