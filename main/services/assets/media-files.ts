import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { realPathBelow, realPathOf } from '../../security/contained-path'
import type { FileFacts } from '../../security/http-range'
import { flagMissing } from '../health/health-files'

/** A regular file opened for reading, with what a reply about it needs. */
export interface OpenedFile extends FileFacts {
  handle: FileHandle
  /** Its real path (symlinks followed). */
  path: string
}

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

// O_NONBLOCK: opening a FIFO planted at the path must not hang a thread waiting for a writer.
// O_NOFOLLOW: the path is already resolved, so a symlink appearing there since is refused. (Both 0 on Windows.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)

/**
 * Opens `file` for reading when it is a regular file: missing or a folder → 'not_found';
 * a device, FIFO or socket → 'forbidden'. The caller closes the handle.
 */
export async function openRegularFile(file: string, contentType: string): Promise<OpenedFile> {
  const handle = await open(file, OPEN_FLAGS).catch((error: unknown) => {
    throw openFailure(error, file)
  })
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new AppError('not_found', `No file at ${file}.`)
    if (!info.isFile()) throw new AppError('forbidden', `${file} is not a regular file.`, { path: file })
    return { handle, path: file, size: info.size, mtimeMs: info.mtimeMs, contentType }
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw openFailure(error, file)
  }
}

/**
 * Opens an asset's own file. A copied asset's file must be inside the library folder once
 * symlinks are followed; a linked asset's is where the user pointed the import (followed too).
 * Unknown id or missing file → 'not_found' (the asset is then flagged missing); a path leading
 * out of the library → 'forbidden'.
 */
export async function openMediaFile(lib: Library, id: string): Promise<OpenedFile> {
  const asset = lib.repos.media.fileOf(id)
  if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
  const recorded = path.resolve(lib.dir, asset.filePath)
  const real = asset.storage === 'link' ? realPathOf(recorded) : await realPathBelow(lib.realDir, recorded)
  return openRegularFile(real, contentTypeOf(asset.filePath)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') flagMissing(lib, id)
    throw error
  })
}

function openFailure(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
    return new AppError('not_found', `No file at ${file}.`)
  }
  if (code === 'ELOOP') return new AppError('forbidden', `${file} became a symbolic link.`, { path: file })
  return error
}
