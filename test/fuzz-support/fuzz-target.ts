import { mkdirSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import path from 'node:path'
import { expect } from 'vitest'
import { z } from 'zod'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { ErrorShape, type Envelope } from '../../shared/errors'
import { snapshotLibrary, type LibrarySnapshot } from './library-snapshot'

/**
 * No single request may take longer: a slower answer counts as a hang. Above the resolver's own 5 s: a push's
 * generated address names a host (`https:///tmp/…` is the host `tmp`) that a machine without a DNS server waits
 * 5 s on before the push says no hub answers there (seen in CI: 5,000 ms was too short for that honest answer).
 */
export const ANSWER_TIMEOUT_MS = 15_000

/** An HTTP answer: status and parsed body. */
export interface HttpAnswer {
  status: number
  body: unknown
}

/** A real library served by a real web host, with the two ways in that the fuzzer uses. */
export interface FuzzTarget {
  lib: Library
  host: WebHost
  dir: string
  /** Runs one request through `dispatch`, failing on a hang. */
  call(channel: string, input: unknown): Promise<Envelope<unknown>>
  /** POSTs a raw body to /api/<channel> with the token, failing on a hang or a broken connection. */
  post(channel: string, body: Buffer | string, contentType: string | undefined): Promise<HttpAnswer>
  snapshot(): LibrarySnapshot
  close(): Promise<void>
}

/** Opens a library in `dir` and serves it on a free loopback port with an empty renderer folder. */
export async function openFuzzTarget(dir: string): Promise<FuzzTarget> {
  const rendererDir = `${dir}-renderer`
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>')
  const lib = openLibrary(dir)
  const host = await startWebHost({ library: lib, rendererDir, port: 0 })
  // One kept-alive connection, like a browser tab: a request that leaves the connection broken
  // fails the request after it, not just itself. A dispatch property runs on microtasks alone, so
  // no timer runs for its whole length; the server's keep-alive timeout (5 s) then fired only after
  // the next request was already on the socket: "socket hang up" (issue 23 point 5). So each POST
  // waits for one turn of the event loop, in which the agent, given a `timeout` (without one it
  // ignores the server's `Keep-Alive: timeout=5`), drops a connection idle for 4 s before the
  // server's 5 s close runs.
  const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: ANSWER_TIMEOUT_MS })
  return {
    lib,
    host,
    dir,
    call: (channel, input) => withTimeout(dispatch(lib, channel, input), `dispatch ${channel}`),
    post: async (channel, body, contentType) => {
      await new Promise((resolve) => setImmediate(resolve))
      return post(host, agent, channel, body, contentType)
    },
    snapshot: () => snapshotLibrary(lib.dir, lib.sqlite.path),
    async close() {
      agent.destroy()
      await host.close()
      await lib.importer.idle()
      await lib.close()
    },
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${ANSWER_TIMEOUT_MS} ms`)),
      ANSWER_TIMEOUT_MS,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function post(
  host: WebHost,
  agent: Agent,
  channel: string,
  body: Buffer | string,
  contentType: string | undefined,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` }
  if (contentType !== undefined) headers['content-type'] = contentType
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: host.port,
      method: 'POST',
      path: `/api/${encodeURIComponent(channel).replaceAll('%3A', ':')}`,
      headers,
      agent,
    })
    req.setTimeout(ANSWER_TIMEOUT_MS, () =>
      req.destroy(new Error(`POST /api/${channel} did not answer within ${ANSWER_TIMEOUT_MS} ms`)),
    )
    req.on('error', (error) => reject(new Error(`POST /api/${channel}: the connection failed (${error.message})`)))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', (error) => reject(new Error(`POST /api/${channel}: the answer broke off (${error.message})`)))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) })
        } catch {
          reject(
            new Error(
              `POST /api/${channel} answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`,
            ),
          )
        }
      })
    })
    req.end(body)
  })
}

const TypedEnvelope = z.union([
  z.object({ ok: z.literal(true), data: z.unknown().refine((data) => data !== undefined, 'data is missing') }).strict(),
  z.object({ ok: z.literal(false), error: ErrorShape }).strict(),
])

/** Asserts a typed envelope that is not an `internal` error; returns it. */
export function expectTypedAnswer(answer: unknown): Envelope<unknown> {
  const parsed = TypedEnvelope.safeParse(answer)
  expect(parsed.success, `not a typed envelope: ${JSON.stringify(answer)?.slice(0, 300)}`).toBe(true)
  const envelope = parsed.data as Envelope<unknown>
  expect(envelope.ok || envelope.error.code, `internal error: ${JSON.stringify(answer)}`).not.toBe('internal')
  return envelope
}

/**
 * Asserts an HTTP answer: below 500, a typed non-internal envelope, 200 exactly when ok. The one 5xx allowed is 502
 * `unreachable`: a channel that reaches another server (a team library "Send to team library…" names) says it did
 * not answer.
 */
export function expectTypedHttpAnswer({ status, body }: HttpAnswer): Envelope<unknown> {
  const envelope = expectTypedAnswer(body)
  const unreachable = status === 502 && !envelope.ok && envelope.error.code === 'unreachable'
  if (!unreachable) expect(status, `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`).toBeLessThan(500)
  expect(status === 200, `HTTP ${status} with ok: ${envelope.ok}`).toBe(envelope.ok)
  return envelope
}

/** Asserts that a malformed input was refused with a typed, non-internal error. */
export function expectRefused(envelope: Envelope<unknown>, what: string): void {
  expect(envelope.ok, `accepted malformed input (${what}): ${JSON.stringify(envelope).slice(0, 300)}`).toBe(false)
}

/** Asserts that the target still answers a plain `library:info` both ways. */
export async function expectStillAnswers(target: FuzzTarget): Promise<void> {
  expect((await target.call('library:info', {})).ok).toBe(true)
  const answer = await target.post('library:info', '{}', 'application/json')
  expect(answer).toMatchObject({ status: 200, body: { ok: true } })
}
