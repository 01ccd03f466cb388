import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * True when the Host header names this server by a loopback name. Anything else may be a
 * DNS-rebinding page that resolved its own name to 127.0.0.1, so it is refused.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase())
  if (!match) return false
  const [, name, hostPort] = match
  return LOOPBACK_NAMES.has(name) && (hostPort === undefined ? port === 80 : Number(hostPort) === port)
}

/**
 * True when a browser-sent Origin is absent or is this very server: by http, or also by https where a TLS proxy
 * may stand in front (a hub listening beyond loopback).
 */
export function isSameOrigin(origin: string | undefined, host: string, httpsToo = false): boolean {
  if (origin === undefined) return true
  const name = host.toLowerCase()
  return origin === `http://${name}` || (httpsToo && origin === `https://${name}`)
}

/** True for an address only this machine reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopbackAddress(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)
}

/** The cookie that carries the secret after the first visit; per port, as cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `framevault_token_${port}`
}

/**
 * The secret a request presents: `Authorization: Bearer`, else `?token=`, else the cookie. The URL wins over the
 * cookie: a browser that kept the cookie of an earlier run opens the newly printed URL with the new secret.
 */
export function presentedToken(req: IncomingMessage, url: URL, port: number): string | undefined {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length)
  const given = url.searchParams.get('token')
  return given === null ? readCookie(req.headers.cookie, tokenCookieName(port)) : pastedToken(given)
}

/**
 * The token in what a person pasted into the sign-in page: the token itself, or the whole address that carries it
 * (`https://hub/?token=fvt_…`), spaces and line breaks around it ignored.
 */
export function pastedToken(text: string): string {
  const trimmed = text.trim()
  const inAddress = /[?&]token=([^&#\s]*)/.exec(trimmed)
  if (!inAddress) return trimmed
  try {
    return decodeURIComponent(inAddress[1]!)
  } catch {
    return inAddress[1]!
  }
}

/** Whether a browser asks for a page (a navigation: HTML accepted), rather than a script, an API call or media. */
export function wantsPage(req: IncomingMessage, url: URL): boolean {
  const routed = ['/api/', '/events', '/upload', '/worker', '/media/', '/assets/'].some((start) =>
    url.pathname.startsWith(start),
  )
  return req.method === 'GET' && !routed && (req.headers.accept ?? '').includes('text/html')
}

/** Constant-time comparison of a presented secret with the real one. */
export function tokenMatches(presented: string | undefined, secret: string): boolean {
  if (presented === undefined) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Where the token exchange redirects: the request's own path and query, as a path on this
 * server. Leading slashes and backslashes collapse to one, since `//evil.example/x` (or
 * `/\evil.example`) in a Location header names another site.
 */
export function sameOriginRedirect(url: URL): string {
  const target = new URL(`/${url.pathname.replace(/^[/\\]+/, '')}${url.search}${url.hash}`, url.origin)
  return target.origin === url.origin ? target.pathname + target.search + target.hash : '/'
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}
