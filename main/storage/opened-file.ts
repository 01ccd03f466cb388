import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import type { OpenedObject } from './object-store'

// O_NONBLOCK: opening a FIFO planted at the path must not hang a thread waiting for a writer.
// O_NOFOLLOW: the path is already resolved, so a symlink appearing there since is refused. (Both 0 on Windows.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)

/**
 * Opens `file` (a real path) for reading when it is a regular file: missing or a folder → 'not_found';
 * a device, FIFO or socket → 'forbidden'. Opened before anything is sent, a file deleted or replaced
 * meanwhile cannot fail a reply halfway. The caller reads it or closes it.
 */
export async function openRegularFile(file: string, contentType: string): Promise<OpenedObject> {
  const handle = await open(file, OPEN_FLAGS).catch((error: unknown) => {
    throw openFailure(error, file)
  })
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new AppError('not_found', `No file at ${file}.`)
    if (!info.isFile()) throw new AppError('forbidden', `${file} is not a regular file.`, { path: file })
    return {
      path: file,
      size: info.size,
      mtimeMs: info.mtimeMs,
      contentType,
      // The stream closes the handle when it ends, fails, or is destroyed (a client that leaves).
      read: (range) => handle.createReadStream(range ? { start: range.start, end: range.end } : {}),
      close: () => handle.close().catch(() => undefined),
    }
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw openFailure(error, file)
  }
}

function openFailure(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
    return new AppError('not_found', `No file at ${file}.`)
  }
  if (code === 'ELOOP') return new AppError('forbidden', `${file} became a symbolic link.`, { path: file })
  return error
}
