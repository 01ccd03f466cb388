import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { z } from 'zod'
import {
  events,
  UploadRef,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type EventMessage,
} from '../../shared/contract'
import { AppError, ErrorShape, type Envelope } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { httpExchange, type Exchanged, type Sent } from './http-exchange'

const STREAM_OPENS_WITHIN_MS = 10_000

/** An upload the host holds, as an import names it. */
export type Upload = z.infer<typeof UploadRef>

/** A host's backend, which also takes files: `POST /upload`, then `media:import-uploads` imports them. */
export interface RemoteBackend extends CliBackend {
  /**
   * Sends a local file as an upload named `name`; resolves to what imports it. Given the file's content
   * (`sha256:<hex>`), resumable: what the host holds of it from a send cut off is not sent again. An abort of `signal`
   * stops the send.
   */
  upload(file: string, name: string, sha256?: string, signal?: AbortSignal): Promise<Upload>
}

/**
 * The backend of a host that serves a library over HTTP: a team hub, or `npm run web` (issue 34: `--hub URL --token
 * T`). Calls are `POST /api/<channel>`, events the `GET /events` stream, both with the token as a bearer.
 * Given an `act` (a push), every request names it.
 */
export function remoteBackend(hub: string, token: string, act?: { action: string }): RemoteBackend {
  const base = hubUrl(hub)
  // An act's calls (a push) name it, so the hub's activity log makes them one entry.
  const auth = { authorization: `Bearer ${token}`, ...(act && { 'x-framevault-action': act.action }) }
  const noAnswer = (cause: string) => new AppError('unreachable', `No answer from ${base.origin}: ${cause}.`)
  const exchange = httpExchange(base.protocol === 'https:')
  // Calls and uploads: node's client, its connections kept; the streams (events, a zip) through fetch.
  const ask = async (path: string, method: 'GET' | 'POST', sent: Sent, signal?: AbortSignal): Promise<Exchanged> => {
    const headers = typeof sent === 'string' ? { 'content-type': 'application/json' } : sent ? OCTETS : {}
    try {
      return await exchange(new URL(path, base), method, { ...auth, ...headers }, sent, signal)
    } catch (error) {
      if (signal?.aborted) throw error
      throw noAnswer((error as Error).message)
    }
  }
  const reach = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(new URL(path, base), { ...init, headers: { ...auth, ...init.headers } })
    } catch (error) {
      throw noAnswer((error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message)
    }
  }
  /** How many bytes of a resumable upload of this content the host holds, and its upload once they are all there. */
  const heldOf = async (sha256: string): Promise<{ received: number; uploadId?: string }> => {
    const envelope = readEnvelope(await ask(`upload?sha256=${sha256}`, 'GET', undefined), base)
    if (!envelope.ok) throw failure(envelope.error, base)
    return envelope.data as { received: number; uploadId?: string }
  }
  return {
    async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const envelope = readEnvelope(await ask(`api/${channel}`, 'POST', JSON.stringify(input)), base)
      if (!envelope.ok) throw failure(envelope.error, base)
      return envelope.data as ChannelOutput<C>
    },
    async upload(file: string, name: string, sha256?: string, signal?: AbortSignal): Promise<Upload> {
      const { size } = await stat(file)
      const named = `upload?name=${encodeURIComponent(name)}`
      const held = sha256 === undefined ? { received: 0 } : await heldOf(sha256)
      // Received whole by a push cut off before its import: imported as it is, not sent again.
      if (held.uploadId !== undefined && held.received === size)
        return UploadRef.parse({ uploadId: held.uploadId, name })
      const from = held.received
      const query = sha256 === undefined ? named : `${named}&sha256=${sha256}&offset=${from}&size=${size}`
      const envelope = readEnvelope(await ask(query, 'POST', { file, from, size }, signal), base)
      if (!envelope.ok) throw failure(envelope.error, base)
      const { uploadId } = envelope.data as Partial<Upload>
      if (uploadId === undefined) throw new AppError('io', `${base} did not take all of ${name}; send it again.`)
      return UploadRef.parse({ uploadId, name })
    },
    async download(set, out) {
      const response = await reach('download', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ids: set.ids.join(',') }).toString(),
      })
      if (!response.ok || !response.body) {
        const refused = readEnvelope(await exchangedOf(response), base)
        throw refused.ok ? new AppError('io', `${base.origin} sent no zip.`) : failure(refused.error, base)
      }
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), out)
    },
    async subscribe(listener) {
      const stop = new AbortController()
      // A host that takes the request but never opens the stream must not hold the command.
      const slow = setTimeout(() => stop.abort(), STREAM_OPENS_WITHIN_MS)
      const response = await reach('events', { signal: stop.signal, headers: { accept: 'text/event-stream' } }).finally(
        () => clearTimeout(slow),
      )
      if (!response.ok || !response.body) {
        const refused = readEnvelope(await exchangedOf(response), base)
        if (!refused.ok) throw failure(refused.error, base)
        throw new AppError('unreachable', `${base.origin} did not open its event stream (HTTP ${response.status}).`)
      }
      // Read in the background until unsubscribed; a stream the host ends or cuts stops the events, not the CLI.
      void readEvents(response.body, listener).catch(() => undefined)
      return () => stop.abort()
    },
  }
}

/** The hub's address as given (`http://host:port`, with or without a path), checked. */
function hubUrl(hub: string): URL {
  let url: URL
  try {
    url = new URL(hub)
  } catch {
    throw new AppError('validation', `--hub ${hub} is not an address: give it as http://host:port.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('validation', `--hub ${hub} is not an http(s) address.`)
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

/**
 * A host's error as the CLI's: a refused token is said for a shell (the host's own words speak to a browser), the
 * rest as the host said it.
 */
function failure(error: ErrorShape, base: URL): AppError {
  if (error.code !== 'unauthorized') return AppError.fromShape(error)
  return new AppError(
    'unauthorized',
    `${base.origin} did not take the token: give the one it gave you with --token T or $FRAMEVAULT_HUB_TOKEN.`,
  )
}

const OCTETS = { 'content-type': 'application/octet-stream' }

/** A fetched reply (a stream's refusal) read whole, as an exchange's. */
async function exchangedOf(response: Response): Promise<Exchanged> {
  return { status: response.status, text: await response.text() }
}

/** A reply as the envelope every host sends; anything else (a proxy's page, an empty body) in words. */
function readEnvelope({ status, text }: Exchanged, base: URL): Envelope<unknown> {
  try {
    const parsed = JSON.parse(text) as { ok?: unknown; data?: unknown; error?: unknown }
    if (parsed.ok === true) return { ok: true, data: parsed.data }
    const error = ErrorShape.safeParse(parsed.error)
    if (parsed.ok === false && error.success) return { ok: false, error: error.data }
  } catch {
    // Not JSON: said below.
  }
  return {
    ok: false,
    error: {
      code: 'unreachable',
      message: `${base.origin} answered HTTP ${status} with no Framevault reply: is it a Framevault hub?`,
    },
  }
}

/** Hands each Server-Sent Event of `body` to `listener` (`event:` and `data:` lines, a blank line ends one). */
async function readEvents(body: ReadableStream<Uint8Array>, listener: (event: EventMessage) => void): Promise<void> {
  const decoder = new TextDecoder()
  let buffered = ''
  let name = ''
  let data = ''
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true })
    let end: number
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end).replace(/\r$/, '')
      buffered = buffered.slice(end + 1)
      if (line.startsWith('event: ')) name = line.slice('event: '.length)
      else if (line.startsWith('data: ')) data += line.slice('data: '.length)
      else if (line === '' && name && data) {
        const message = eventOf(name, data)
        if (message) listener(message)
        name = ''
        data = ''
      }
    }
  }
}

/** An event as its schema reads it; null for one this version does not know or cannot read (a newer host's). */
function eventOf(name: string, data: string): EventMessage | null {
  if (!Object.hasOwn(events, name)) return null
  try {
    const payload = events[name as keyof typeof events].safeParse(JSON.parse(data))
    return payload.success ? ({ name, payload: payload.data } as EventMessage) : null
  } catch {
    return null
  }
}
