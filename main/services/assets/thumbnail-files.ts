import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import { thumbnailKeys } from '../../library/library-paths'
import type { OpenedObject } from '../../storage/object-store'
import { flagIfGone } from '../health/health-files'

/** Which thumbnail of an asset: the poster frame or the hover-scrub sprite sheet. */
export type ThumbnailKind = 'poster' | 'sprite'

const THUMBNAIL_PATH = /^\/media\/thumbs\/([A-Za-z0-9]{1,64})\/(poster|sprite)\.jpg$/

/** Parses `/media/thumbs/<id>/<poster|sprite>.jpg`, the URL both hosts serve thumbnails at. */
export function parseThumbnailPath(pathname: string): { id: string; kind: ThumbnailKind } | undefined {
  const match = THUMBNAIL_PATH.exec(pathname)
  return match ? { id: match[1]!, kind: match[2] as ThumbnailKind } : undefined
}

/**
 * Opens an asset's thumbnail. One that does not exist yet (not made yet, or gone; a folder in its
 * place counts as gone) is answered at once with 'not_found' and `details: { pending: true }`
 * while it is made at the front of the queue; `media:thumbnails` tells the page when it is there.
 * No request waits on ffmpeg. When it cannot be made because the asset's file is gone, the asset
 * is flagged missing. One whose making failed in this process is not tried again (the asset's
 * error says why), so a page retrying cannot start ffmpeg in a loop; only videos have a sprite.
 * A symlink in the library leading out of it is refused ('forbidden'). The caller reads or closes it.
 */
export async function openThumbnail(
  lib: Pick<Library, 'catalog' | 'dir' | 'importer' | 'store'>,
  id: string,
  kind: ThumbnailKind,
): Promise<OpenedObject> {
  const { media } = lib.catalog.repos
  if (!(await media.ref(id))) throw new AppError('not_found', `No asset with id ${id}.`)
  const key = thumbnailKeys(id)[kind]
  try {
    return await lib.store.open(key, 'image/jpeg')
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  if (kind === 'sprite' && (await media.get(id))?.mediaType !== 'video') {
    throw new AppError('not_found', `Asset ${id} has no sprite thumbnail: only videos have one.`)
  }
  if (lib.importer.thumbnailsFailed(id)) {
    throw new AppError(
      'not_found',
      `Asset ${id} has no ${kind} thumbnail: making it failed (the asset's error says why).`,
    )
  }
  void lib.importer
    .hurryThumbnails(id)
    .then(async () => {
      if ((await lib.store.stat(key)) === null) await flagIfGone(lib, id)
    })
    .catch((error: unknown) => console.error(`Thumbnails of ${id} failed unexpectedly:`, error))
  throw new AppError('not_found', `Asset ${id} has no ${kind} thumbnail yet; it is being made.`, { pending: true })
}

function isNotFound(error: unknown): boolean {
  return error instanceof AppError && error.code === 'not_found'
}
