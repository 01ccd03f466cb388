import type { MediaAsset } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Uses } from '../library-context'

/** One asset; not_found when the id is unknown. */
export async function getMedia(lib: Uses<'media'>, id: string): Promise<MediaAsset> {
  const asset = await lib.catalog.repos.media.get(id)
  if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
  return asset
}
