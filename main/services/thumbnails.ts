import { AppError } from '../../shared/errors'
import { fileExists } from '../library/disk-usage'
import type { Library } from '../library/library'
import { thumbnailPaths } from '../library/library-paths'

/** Which thumbnail of an asset: the poster frame or the hover-scrub sprite sheet. */
export type ThumbnailKind = 'poster' | 'sprite'

const THUMBNAIL_PATH = /^\/media\/thumbs\/([A-Za-z0-9]{1,64})\/(poster|sprite)\.jpg$/

/** Parses `/media/thumbs/<id>/<poster|sprite>.jpg`, the URL both hosts serve thumbnails at. */
export function parseThumbnailPath(pathname: string): { id: string; kind: ThumbnailKind } | undefined {
  const match = THUMBNAIL_PATH.exec(pathname)
  return match ? { id: match[1]!, kind: match[2] as ThumbnailKind } : undefined
}

/** The file of an asset's thumbnail, regenerating it first when it has gone missing. */
export async function thumbnailFile(lib: Library, id: string, kind: ThumbnailKind): Promise<string> {
  if (!lib.repos.media.ref(id)) throw new AppError('not_found', `No asset with id ${id}.`)
  const file = thumbnailPaths(lib.dir, id)[kind]
  if (await fileExists(file)) return file
  await lib.importer.ensureThumbnails(id)
  if (await fileExists(file)) return file
  throw new AppError('not_found', `Asset ${id} has no ${kind} thumbnail.`)
}
