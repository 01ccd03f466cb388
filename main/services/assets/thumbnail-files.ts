import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { thumbnailPaths } from '../../library/library-paths'
import { realPathBelow } from '../../security/contained-path'
import { flagIfGone } from '../health/health-files'
import { openRegularFile, type OpenedFile } from './media-files'

/** Which thumbnail of an asset: the poster frame or the hover-scrub sprite sheet. */
export type ThumbnailKind = 'poster' | 'sprite'

const THUMBNAIL_PATH = /^\/media\/thumbs\/([A-Za-z0-9]{1,64})\/(poster|sprite)\.jpg$/

/** Parses `/media/thumbs/<id>/<poster|sprite>.jpg`, the URL both hosts serve thumbnails at. */
export function parseThumbnailPath(pathname: string): { id: string; kind: ThumbnailKind } | undefined {
  const match = THUMBNAIL_PATH.exec(pathname)
  return match ? { id: match[1]!, kind: match[2] as ThumbnailKind } : undefined
}

/**
 * Opens an asset's thumbnail, regenerating it first when it has gone missing (a folder in its
 * place counts as missing; when it cannot be made because the asset's file is gone, the asset is
 * flagged missing). A symlink in the library leading out of it is refused ('forbidden').
 * The caller closes the handle.
 */
export async function openThumbnail(lib: Library, id: string, kind: ThumbnailKind): Promise<OpenedFile> {
  if (!lib.repos.media.ref(id)) throw new AppError('not_found', `No asset with id ${id}.`)
  const file = thumbnailPaths(lib.dir, id)[kind]
  // Resolved again after regenerating: the folders may have been made meanwhile.
  const open = async () => openRegularFile(await realPathBelow(lib.realDir, file), 'image/jpeg')
  try {
    return await open()
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  await lib.importer.ensureThumbnails(id)
  return open().catch(async (error: unknown) => {
    if (isNotFound(error)) await flagIfGone(lib, id)
    throw isNotFound(error) ? new AppError('not_found', `Asset ${id} has no ${kind} thumbnail.`) : error
  })
}

function isNotFound(error: unknown): boolean {
  return error instanceof AppError && error.code === 'not_found'
}
