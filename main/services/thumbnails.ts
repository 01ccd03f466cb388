import { stat } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import type { Library } from '../library/library'
import { thumbnailPaths } from '../library/library-paths'
import { realPathBelow } from '../security/contained-path'

/** Which thumbnail of an asset: the poster frame or the hover-scrub sprite sheet. */
export type ThumbnailKind = 'poster' | 'sprite'

const THUMBNAIL_PATH = /^\/media\/thumbs\/([A-Za-z0-9]{1,64})\/(poster|sprite)\.jpg$/

/** Parses `/media/thumbs/<id>/<poster|sprite>.jpg`, the URL both hosts serve thumbnails at. */
export function parseThumbnailPath(pathname: string): { id: string; kind: ThumbnailKind } | undefined {
  const match = THUMBNAIL_PATH.exec(pathname)
  return match ? { id: match[1]!, kind: match[2] as ThumbnailKind } : undefined
}

/**
 * The real path of an asset's thumbnail, regenerating it first when it has gone missing. A
 * symlink in the library leading out of it is refused ('forbidden'), and only a regular file
 * counts (a folder in its place is treated as missing).
 */
export async function thumbnailFile(lib: Library, id: string, kind: ThumbnailKind): Promise<string> {
  if (!lib.repos.media.ref(id)) throw new AppError('not_found', `No asset with id ${id}.`)
  const file = thumbnailPaths(lib.dir, id)[kind]
  const found = await regularFileInside(lib.realDir, file)
  if (found) return found
  await lib.importer.ensureThumbnails(id)
  const made = await regularFileInside(lib.realDir, file)
  if (made) return made
  throw new AppError('not_found', `Asset ${id} has no ${kind} thumbnail.`)
}

async function regularFileInside(realRoot: string, file: string): Promise<string | undefined> {
  const real = await realPathBelow(realRoot, file)
  const info = await stat(real).catch(() => undefined)
  return info?.isFile() ? real : undefined
}
