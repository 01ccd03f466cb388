import type { ServerResponse } from 'node:http'
import { acceptedEncoding, compress, COMPRESS_FROM_BYTES, type Encoding } from './compression'
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
  unavailable: 503,
  too_large: 413,
  // A 4xx: the request is well-formed and the server is fine, this host just has no such capability.
  unsupported: 400,
}

/** The HTTP status a typed error code is answered with (by the web host and app://). */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code]
}

/**
 * Sends a JSON body with no caching; one of a few KB or more compressed when the request accepts it (br, else gzip);
 * a large one off the event loop.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body))
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
  const send = (sent: Buffer, encoding?: Encoding) => {
    // Gone meanwhile, or answered otherwise (a handler that failed after sending): nothing more to say.
    if (res.destroyed || res.headersSent) return
    res.writeHead(status, {
      ...headers,
      'content-length': sent.length,
      ...(encoding && { 'content-encoding': encoding, vary: 'accept-encoding' }),
    })
    res.end(sent)
  }
  const encoding = bytes.length >= COMPRESS_FROM_BYTES ? acceptedEncoding(res.req?.headers['accept-encoding']) : null
  if (!encoding) return send(bytes)
  compress(encoding, bytes).then(
    (compressed) => send(compressed, encoding),
    () => send(bytes),
  )
}

/** Sends a typed error envelope with the HTTP status that matches its code. */
export function sendError(res: ServerResponse, error: ErrorShape): void {
  sendJson(res, STATUS_BY_CODE[error.code], { ok: false, error })
}

/** Sends a typed error built from a code and a message. */
export function sendFailure(res: ServerResponse, code: ErrorCode, message: string): void {
  sendError(res, { code, message })
}

/**
 * A field a words page asks for (a token): sent by a plain GET form to `/`, so the page needs no script; a secret (a
 * review link's password) is typed hidden and POSTed to `action`.
 */
export interface WordsPageField {
  /** The query parameter it is sent as. */
  name: string
  secret?: { action: string }
  label: string
  button: string
  /** Said above the field (what went wrong with the last try); none when absent. */
  note?: string
}

/**
 * Sends a page of plain words (no script, no outside resource): what a person opening a URL sees of a refusal, and
 * the sign-in page's field.
 */
export function sendWordsPage(
  res: ServerResponse,
  status: number,
  title: string,
  paragraphs: readonly string[],
  field?: WordsPageField,
): void {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`).replace(/`([^`]+)`/g, '<code>$1</code>')
  const body = paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('\n')
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<main>
<h1 style="font-size: 1.4rem">${escape(title)}</h1>
${body}
${field ? fieldForm(field, escape) : ''}
</main>
</body></html>`
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // form-action: default-src does not cover where a form may go, so it is named (this server alone).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  })
  res.end(html)
}

function fieldForm(field: WordsPageField, escape: (text: string) => string): string {
  const note = field.note
    ? `<p role="alert" style="padding: 0.5rem 0.75rem; border-left: 4px solid #b3261e; background: #fdecea">${escape(field.note)}</p>\n`
    : ''
  const [method, action, type] = field.secret ? ['post', field.secret.action, 'password'] : ['get', '/', 'text']
  return `${note}<form method="${method}" action="${escape(action)}" style="display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end">
<label for="field" style="flex-basis: 100%; font-weight: 600">${escape(field.label)}</label>
<input id="field" name="${escape(field.name)}" type="${type}" required autocomplete="off" autocapitalize="off" spellcheck="false" autofocus
 style="flex: 1 1 16rem; min-width: 0; font: inherit; padding: 0.4rem 0.5rem">
<button type="submit" style="font: inherit; padding: 0.4rem 1rem">${escape(field.button)}</button>
</form>`
}
