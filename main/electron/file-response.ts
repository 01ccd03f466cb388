import { Readable } from 'node:stream'
import type { ReadableStream as NodeWebStream } from 'node:stream/web'
import { AppError } from '../../shared/errors'
import { toAppError } from '../dispatch'
import { planFileReply } from '../security/http-range'
import type { OpenedObject } from '../storage/object-store'
import { httpStatusOf } from '../web/http-replies'

// Plain fetch-API code (no electron import), so app://'s file replies are tested in Node.

/**
 * The fetch-API Response serving an opened file for `request` under Range rules (200, 206
 * or 416, HEAD without a body). The body streams only the span asked for; the handle closes
 * when it ends, fails, or the page cancels it.
 */
export function fileResponse(request: Request, file: OpenedObject): Response {
  const reply = planFileReply(
    { method: request.method, range: header(request, 'range'), ifRange: header(request, 'if-range') },
    file,
  )
  if (!reply.body) {
    void file.close()
    return new Response(null, { status: reply.status, headers: reply.headers })
  }
  const stream = file.read(reply.body)
  // Readable.toWeb is typed with node's web streams; the global Response takes the same object.
  const body = Readable.toWeb(stream) as NodeWebStream<Uint8Array> as unknown as ReadableStream<Uint8Array>
  return new Response(body, { status: reply.status, headers: reply.headers })
}

/** Opens a file with `open` and answers with it, or with a typed error's status and JSON body. */
export async function openedFileResponse(request: Request, open: () => Promise<OpenedObject>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(new AppError('not_found', `No ${request.method} route for ${new URL(request.url).pathname}.`))
  }
  try {
    return fileResponse(request, await open())
  } catch (error) {
    return errorResponse(error)
  }
}

/** A typed error as a JSON reply, with the status the web host would send for it. */
export function errorResponse(error: unknown): Response {
  const shape = toAppError(error).toShape()
  return new Response(JSON.stringify({ ok: false, error: shape }), {
    status: httpStatusOf(shape.code),
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  })
}

function header(request: Request, name: string): string | undefined {
  return request.headers.get(name) ?? undefined
}
