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
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new AppError('validation', `The request body is larger than ${maxBytes / MIB} MiB.`)
    chunks.push(chunk as Buffer)
  }
  try {
    // JSON is UTF-8 (RFC 8259): bytes that are not must be refused, not turned into U+FFFD and stored.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks))
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
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new AppError('too_large', tooLarge)
    chunks.push(chunk as Buffer)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}
