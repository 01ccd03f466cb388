import { ComfyError } from './comfy-errors'

/** A checked ComfyUI address: http(s), no credentials, query or trailing slash (a path prefix stays). */
export type ComfyBase = { readonly href: string }

/** Reads the address a person typed; throws a ComfyError in words when it is not one ComfyUI can have. */
export function comfyBase(baseUrl: string): ComfyBase {
  const typed = baseUrl.trim()
  const refuse = (why: string) => new ComfyError('validation', 'bad-url', why, { baseUrl })
  if (typed === '') throw refuse('No ComfyUI address was given; it looks like http://127.0.0.1:8188.')
  // "localhost:8188" parses as a URL with the scheme "localhost:"; say what is missing instead.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) {
    throw refuse(`"${typed}" is not a full address: write it with http://, e.g. http://${typed.replace(/^\/+/, '')}.`)
  }
  let url: URL
  try {
    url = new URL(typed)
  } catch {
    throw refuse(`"${typed}" is not a valid address; ComfyUI's looks like http://127.0.0.1:8188.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(`ComfyUI is reached over http:// or https://, not ${url.protocol}// ("${typed}").`)
  }
  if (url.username || url.password) {
    throw refuse('The address holds a user name or password; Framevault does not send passwords in addresses.')
  }
  url.search = ''
  url.hash = ''
  return { href: url.href.replace(/\/+$/, '') }
}

/** The URL of one of ComfyUI's routes (`/prompt`, `/history/<id>`…) with an optional query. */
export function endpoint(base: ComfyBase, route: string, query?: Record<string, string>): string {
  const url = `${base.href}${route}`
  return query ? `${url}?${new URLSearchParams(query).toString()}` : url
}

/** The websocket URL ComfyUI pushes a client's run messages to. */
export function socketEndpoint(base: ComfyBase, clientId: string): string {
  return endpoint({ href: base.href.replace(/^http/, 'ws') }, '/ws', { clientId })
}

/** The port a base URL talks to, for messages ("nothing listens on port 8188"). */
export function portOf(base: ComfyBase): string {
  const url = new URL(base.href)
  return url.port || (url.protocol === 'https:' ? '443' : '80')
}
