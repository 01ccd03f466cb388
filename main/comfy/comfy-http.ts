import { formatBytes } from '../../shared/byte-size'
import { parseLenientJson } from '../../shared/lenient-json'
import { ComfyError } from './comfy-errors'
import { endpoint, portOf, type ComfyBase } from './comfy-url'

/** How long each request may take: a check is quick; validation of a big prompt is not. */
export const TIMEOUTS = { check: 5_000, prompt: 60_000, query: 15_000 } as const

const MiB = 1024 * 1024
/**
 * How much of an answer is read: a server (perhaps not ComfyUI, perhaps hostile) must not fill the host's
 * memory. A history entry or queue holds whole prompts (a large workflow is a few MB); the rest is small.
 */
export const ANSWER_LIMITS = { check: 1 * MiB, prompt: 8 * MiB, query: 64 * MiB } as const

/** How many redirects within the server are followed; one that leads off the server is refused. */
const MAX_REDIRECTS = 5

/** One request to ComfyUI: its route, method, body text and how long it may take. */
export type ComfyRequest = {
  route: string
  query?: Record<string, string>
  method?: 'GET' | 'POST'
  /** JSON text, sent as is (so a prompt's 64-bit seeds are never a float on the way). */
  body?: string
  timeoutMs: number
  /** The most bytes of the answer read (comfyCall; default ANSWER_LIMITS.query). */
  maxBytes?: number
  signal?: AbortSignal
}

/** A reply read whole: status, body text and, when it is JSON, the value. */
export type ComfyReply = { status: number; text: string; json: { ok: true; value: unknown } | { ok: false } }

/**
 * Sends a request and reads the whole answer, up to `maxBytes`, within `timeoutMs`; network failures and an
 * answer too large become ComfyErrors in words.
 */
export async function comfyCall(base: ComfyBase, request: ComfyRequest): Promise<ComfyReply> {
  return withDeadline(base, request, async (signal) => {
    const response = await send(base, request, signal)
    const text = await boundedText(base, request, response)
    // ComfyUI writes with Python's json.dumps, which puts NaN and Infinity in JSON (an error's inputs).
    const parsed = parseLenientJson(text)
    return { status: response.status, text, json: parsed.ok ? { ok: true, value: parsed.value } : { ok: false } }
  })
}

/** Sends a request and resolves once the answer's headers are in (its body streams on, with no deadline). */
export async function comfyOpen(base: ComfyBase, request: ComfyRequest): Promise<Response> {
  return withDeadline(base, request, (signal) => send(base, request, signal), true)
}

/**
 * Sends a request, following redirects only within the server's own origin: a server that sends the client
 * elsewhere (another host, port or scheme) is refused, so nothing is read from, or sent to, a place the user
 * did not name.
 */
async function send(base: ComfyBase, request: ComfyRequest, signal: AbortSignal): Promise<Response> {
  let url = endpoint(base, request.route, request.query)
  for (let hops = 0; ; hops++) {
    const response = await fetch(url, {
      method: request.method ?? 'GET',
      body: request.body,
      headers: request.body === undefined ? undefined : { 'content-type': 'application/json' },
      redirect: 'manual',
      signal,
    })
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null
    if (location === null) return response
    await response.body?.cancel().catch(() => undefined)
    const next = new URL(location, url)
    if (next.origin !== new URL(base.href).origin) {
      throw new ComfyError(
        'unreachable',
        'redirect',
        `${base.href}${request.route} redirected to ${next.origin}, another server; Framevault only talks to the ComfyUI address set.`,
      )
    }
    if (hops >= MAX_REDIRECTS) {
      throw new ComfyError(
        'unreachable',
        'redirect',
        `${base.href}${request.route} redirected more than ${MAX_REDIRECTS} times.`,
      )
    }
    url = next.href
  }
}

/** The answer's text, read until `maxBytes`: past it the reading stops and the request fails in words. */
async function boundedText(base: ComfyBase, request: ComfyRequest, response: Response): Promise<string> {
  const limit = request.maxBytes ?? ANSWER_LIMITS.query
  const tooLarge = () =>
    new ComfyError(
      'unreachable',
      'too-large',
      `${base.href}${request.route} answered with more than ${formatBytes(limit)}; Framevault stopped reading it.`,
    )
  await refuseDeclaredOver(response, limit, tooLarge)
  if (!response.body) return ''
  const decoder = new TextDecoder()
  const parts: string[] = []
  let read = 0
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    read += value.byteLength
    if (read > limit) {
      // What was read so far goes with `parts`; the rest is never fetched.
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    parts.push(decoder.decode(value, { stream: true }))
  }
  parts.push(decoder.decode())
  return parts.join('')
}

/** Throws `tooLarge()` before reading a body whose declared length is past `limit` (the body is let go). */
export async function refuseDeclaredOver(response: Response, limit: number, tooLarge: () => Error): Promise<void> {
  if (Number(response.headers.get('content-length') ?? 0) <= limit) return
  await response.body?.cancel().catch(() => undefined)
  throw tooLarge()
}

async function withDeadline<T>(
  base: ComfyBase,
  request: ComfyRequest,
  work: (signal: AbortSignal) => Promise<T>,
  keepSignal = false,
): Promise<T> {
  request.signal?.throwIfAborted()
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs)
  // A download's body keeps reading after the headers: it must still stop on the caller's signal.
  const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal
  try {
    return await work(signal)
  } catch (error) {
    request.signal?.throwIfAborted()
    if (deadline.signal.aborted) {
      throw new ComfyError(
        'unreachable',
        'timeout',
        `ComfyUI at ${base.href} did not answer within ${seconds(request.timeoutMs)}.`,
      )
    }
    throw reachError(base, error)
  } finally {
    clearTimeout(timer)
    if (!keepSignal) deadline.abort()
  }
}

const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`)

/** The system error code behind a failed fetch (undici wraps it in `cause`, an AggregateError for several addresses). */
function causeCode(error: unknown): string | null {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code
    const nested = (current as { errors?: unknown[] }).errors
    current = Array.isArray(nested) && nested.length > 0 ? nested[0] : (current as { cause?: unknown }).cause
  }
  return null
}

/** A network failure in words: refused, unknown host, reset, unreachable. */
export function reachError(base: ComfyBase, error: unknown): ComfyError {
  if (error instanceof ComfyError) return error
  const code = causeCode(error)
  const at = `ComfyUI at ${base.href}`
  const host = new URL(base.href).hostname
  switch (code) {
    case 'ECONNREFUSED':
      return new ComfyError(
        'unreachable',
        'refused',
        `${at} refused the connection: nothing is listening on port ${portOf(base)} (is ComfyUI running, and on this port?).`,
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ComfyError('unreachable', 'unreachable', `The host "${host}" of ${base.href} could not be found.`)
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new ComfyError('unreachable', 'unreachable', `${at} closed the connection before answering.`)
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new ComfyError('unreachable', 'timeout', `${at} did not accept the connection in time.`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ComfyError('unreachable', 'unreachable', `${at} cannot be reached from this machine (${code}).`)
    default: {
      if (code && /CERT|SELF_SIGNED|ERR_TLS|SSL/.test(code)) {
        return new ComfyError(
          'unreachable',
          'unreachable',
          `${at} has a TLS certificate this machine does not trust (${code}).`,
        )
      }
      const why = code ?? (error instanceof Error ? error.message : String(error))
      return new ComfyError('unreachable', 'unreachable', `Could not reach ${at}: ${why}.`)
    }
  }
}

/** The error for an answer ComfyUI would not give: an unexpected status or body, in words. */
export function unexpectedReply(base: ComfyBase, route: string, reply: ComfyReply, expected: string): ComfyError {
  const snippet = reply.text.replace(/\s+/g, ' ').trim().slice(0, 160)
  const body = snippet ? `: ${snippet}` : ''
  if (reply.status !== 200) {
    return new ComfyError('unreachable', 'http-status', `${base.href}${route} answered HTTP ${reply.status}${body}`)
  }
  return new ComfyError('unreachable', 'not-comfy', `${base.href}${route} answered ${expected}${body}`)
}
