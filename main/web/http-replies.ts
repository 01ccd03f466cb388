import type { ServerResponse } from 'node:http'
import type { ErrorCode, ErrorShape } from '../../shared/errors'

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  io: 500,
  internal: 500,
  unreachable: 502,
  too_large: 413,
  // A 4xx: the request is well-formed and the server is fine, this host just has no such capability.
  unsupported: 400,
}

/** The HTTP status a typed error code is answered with (by the web host and app://). */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code]
}

/** Sends a JSON body with no caching. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

/** Sends a typed error envelope with the HTTP status that matches its code. */
export function sendError(res: ServerResponse, error: ErrorShape): void {
  sendJson(res, STATUS_BY_CODE[error.code], { ok: false, error })
}

/** Sends a typed error built from a code and a message. */
export function sendFailure(res: ServerResponse, code: ErrorCode, message: string): void {
  sendError(res, { code, message })
}
