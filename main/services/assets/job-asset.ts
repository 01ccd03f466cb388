import type { MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Uses } from '../library-context'

/** The asset stored beside a job, read when the job runs (it may run in another process than the one that queued it). */
export async function jobAsset(lib: Uses<'media'>, assetId: string | null): Promise<MediaAsset> {
  const asset = assetId === null ? undefined : await lib.catalog.repos.media.get(assetId)
  if (!asset) throw new AppError('not_found', `No asset ${assetId ?? '(none)'} for this job.`)
  return asset
}
