import type { IncomingMessage } from 'node:http'
import { AppError } from '../../shared/errors'

const MIB = 1024 * 1024
/** A request's largest body: 1 MiB, or 24 MiB for a channel that carries a whole JSON document (a 5 MB workflow, escaped). */
export const MAX_JSON_BYTES = MIB
export const MAX_DOCUMENT_BYTES = 24 * MIB

/** Reads a JSON request body of at most `maxBytes`; anything else is a validation error. */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  if (!req.headers['content-type']?.startsWith('application/json')) {
    throw new AppError('validation', 'Requests must be sent as application/json.')
  }
  const bytes = await readBytes(
    req,
    maxBytes,
    () => new AppError('validation', `The request body is larger than ${maxBytes / MIB} MiB.`),
  )
  try {
    // JSON is UTF-8 (RFC 8259): bytes that are not must be refused, not turned into U+FFFD and stored.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    throw new AppError('validation', 'The request body is not valid JSON.')
  }
}

/** Reads a form body (application/x-www-form-urlencoded) of at most `maxBytes`; larger is `too_large` in these words. */
export async function readFormBody(req: IncomingMessage, maxBytes: number, tooLarge: string): Promise<URLSearchParams> {
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    throw new AppError('validation', 'A form is sent as application/x-www-form-urlencoded.')
  }
  const bytes = await readBytes(req, maxBytes, () => new AppError('too_large', tooLarge))
  return new URLSearchParams(bytes.toString('utf8'))
}

/** A request's whole body, refused with `tooLarge()` past `maxBytes`. */
async function readBytes(req: IncomingMessage, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
