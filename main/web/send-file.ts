import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { planFileReply } from '../security/http-range'
import { openRegularFile, type OpenedFile } from '../services/media-files'

/**
 * Answers GET or HEAD with a regular file, honouring Range (200, 206 or 416). Opening fails
 * before the headers, so it throws a typed error (see openRegularFile); failing after them,
 * the reply is cut short. The file is opened before anything is sent, so a file deleted or
 * replaced meanwhile cannot fail the stream halfway.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  contentType: string,
  headers: OutgoingHttpHeaders = {},
): Promise<void> {
  await sendOpenedFile(req, res, await openRegularFile(file, contentType), headers)
}

/** Answers GET or HEAD with a file already opened; its handle is closed whatever happens. */
export async function sendOpenedFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: OpenedFile,
  headers: OutgoingHttpHeaders = {},
): Promise<void> {
  const reply = planFileReply(
    { method: req.method ?? 'GET', range: req.headers.range, ifRange: headerText(req.headers['if-range']) },
    file,
  )
  if (!reply.body) {
    await file.handle.close().catch(() => undefined)
    res.writeHead(reply.status, { ...headers, ...reply.headers })
    res.end()
    return
  }
  res.writeHead(reply.status, { ...headers, ...reply.headers })
  // Reads only the span asked for; the stream closes the handle when it ends, fails, or the client leaves.
  const stream = file.handle.createReadStream({ start: reply.body.start, end: reply.body.end })
  await pipeline(stream, res).catch(() => res.destroy())
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}
