import path from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import type { OpenedObject } from '../../storage/object-store'
import { openAssetBytes } from '../../storage/asset-bytes'
import { flagMissing, unflagIfFound } from '../health/health-files'

const MEDIA_FILE_PATH = /^\/media\/files\/([A-Za-z0-9]{1,64})$/

/** Parses `/media/files/<id>`, the URL both hosts serve an asset's own file at. */
export function parseMediaFilePath(pathname: string): string | undefined {
  return MEDIA_FILE_PATH.exec(pathname)?.[1]
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  wmv: 'video/x-ms-wmv',
  flv: 'video/x-flv',
  mpg: 'video/mpeg',
  mpeg: 'video/mpeg',
  ts: 'video/mp2t',
  mts: 'video/mp2t',
  m2ts: 'video/mp2t',
  '3gp': 'video/3gpp',
  ogv: 'video/ogg',
  mxf: 'application/mxf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heic: 'image/heic',
}

/** The media type a file name's extension stands for (case-insensitive); application/octet-stream when unknown. */
export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).slice(1).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Opens an asset's own file: a copied asset's from the library's object store (inside the library
 * folder once symlinks are followed), a linked asset's where the user pointed the import (followed too).
 * Unknown id or missing file → 'not_found' (the asset is then flagged missing); a path leading
 * out of the library → 'forbidden'.
 */
export async function openMediaFile(
  lib: Pick<Library, 'catalog' | 'dir' | 'store'>,
  id: string,
): Promise<OpenedObject> {
  const asset = await lib.catalog.repos.media.fileOf(id)
  if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
  const opened = await openAssetBytes(lib, asset, contentTypeOf(asset.filePath)).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') await flagMissing(lib, id)
    throw error
  })
  // Opened, so it is there: a missing flag set earlier no longer holds.
  await unflagIfFound(lib, { id, flaggedMissing: asset.flaggedMissing }, null)
  return opened
}
