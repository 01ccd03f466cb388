import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { planFileReply } from '../security/http-range'
import type { OpenedObject } from '../storage/object-store'

/**
 * Answers GET or HEAD with an object already opened (from the object store or a linked file),
 * honouring Range (200, 206 or 416); it is closed whatever happens. Opened before anything is sent,
 * a file deleted or replaced meanwhile cannot fail the stream halfway; failing after the headers,
 * the reply is cut short.
 */
export async function sendOpenedFile(req: IncomingMessage, res: ServerResponse, file: OpenedObject): Promise<void> {
  const reply = planFileReply(
    { method: req.method ?? 'GET', range: req.headers.range, ifRange: headerText(req.headers['if-range']) },
    file,
  )
  if (!reply.body) {
    await file.close()
    res.writeHead(reply.status, reply.headers)
    res.end()
    return
  }
  res.writeHead(reply.status, reply.headers)
  // Reads only the span asked for; the stream closes the object when it ends, fails, or the client leaves.
  const stream = file.read(reply.body)
  await pipeline(stream, res).catch(() => res.destroy())
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}
