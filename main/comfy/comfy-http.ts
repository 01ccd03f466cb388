import { parseLenientJson } from '../../shared/lenient-json'
import { ComfyError } from './comfy-errors'
import { endpoint, portOf, type ComfyBase } from './comfy-url'

/** How long each request may take: a check is quick; validation of a big prompt is not. */
export const TIMEOUTS = { check: 5_000, prompt: 60_000, query: 15_000 } as const

/** One request to ComfyUI: its route, method, body text and how long it may take. */
export type ComfyRequest = {
  route: string
  query?: Record<string, string>
  method?: 'GET' | 'POST'
  /** JSON text, sent as is (so a prompt's 64-bit seeds are never a float on the way). */
  body?: string
  timeoutMs: number
  signal?: AbortSignal
}

/** A reply read whole: status, body text and, when it is JSON, the value. */
export type ComfyReply = { status: number; text: string; json: { ok: true; value: unknown } | { ok: false } }

/** Sends a request and reads the whole answer within `timeoutMs`; network failures become ComfyErrors in words. */
export async function comfyCall(base: ComfyBase, request: ComfyRequest): Promise<ComfyReply> {
  return withDeadline(base, request, async (signal) => {
    const response = await send(base, request, signal)
    const text = await response.text()
    // ComfyUI writes with Python's json.dumps, which puts NaN and Infinity in JSON (an error's inputs).
    const parsed = parseLenientJson(text)
    return { status: response.status, text, json: parsed.ok ? { ok: true, value: parsed.value } : { ok: false } }
  })
}

/** Sends a request and resolves once the answer's headers are in (its body streams on, with no deadline). */
export async function comfyOpen(base: ComfyBase, request: ComfyRequest): Promise<Response> {
  return withDeadline(base, request, (signal) => send(base, request, signal), true)
}

function send(base: ComfyBase, request: ComfyRequest, signal: AbortSignal): Promise<Response> {
  return fetch(endpoint(base, request.route, request.query), {
    method: request.method ?? 'GET',
    body: request.body,
    headers: request.body === undefined ? undefined : { 'content-type': 'application/json' },
    signal,
  })
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
