import { open } from 'node:fs/promises'
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../shared/errors'

/**
 * Streams a regular file as a 200 reply. Failing before the headers, it throws (a missing
 * file or a folder: not_found; anything else goes to the caller's typed error reply); failing
 * after them, the reply is cut short. The file is opened before anything is sent, so a file
 * deleted or replaced meanwhile cannot fail the stream halfway.
 */
export async function sendFile(res: ServerResponse, file: string, headers: OutgoingHttpHeaders): Promise<void> {
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw notFoundIfMissing(error, file)
  })
  let size: number
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new AppError('not_found', `No file at ${file}.`)
    size = info.size
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw notFoundIfMissing(error, file)
  }
  res.writeHead(200, { ...headers, 'content-length': size })
  // The read stream closes the handle when it ends or fails; a client that leaves also ends up here.
  await pipeline(handle.createReadStream(), res).catch(() => res.destroy())
}

function notFoundIfMissing(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')
    return new AppError('not_found', `No file at ${file}.`)
  return error
}
