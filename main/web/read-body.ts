import type { IncomingMessage } from 'node:http'
import { AppError } from '../../shared/errors'

const MAX_JSON_BYTES = 1024 * 1024

/** Reads a JSON request body of at most 1 MiB; anything else is a validation error. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (!req.headers['content-type']?.startsWith('application/json')) {
    throw new AppError('validation', 'Requests must be sent as application/json.')
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_JSON_BYTES) throw new AppError('validation', 'The request body is larger than 1 MiB.')
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
