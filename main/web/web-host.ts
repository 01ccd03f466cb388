import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { contract } from '../../shared/contract'
import { carriesDocument } from '../../shared/contract/document'
import { librarySource, type LibrarySource } from '../app/library-session'
import { mayCall, refusal } from '../../shared/access'
import { actingFor, dispatch, toAppError, type Caller } from '../dispatch'
import type { ErrorShape } from '../../shared/errors'
import type { Library } from '../services/library-context'
import { contentSecurityPolicy } from '../security/csp'
import { anAdminName } from '../services/people/people'
import { oneSecretAccess, personStreamReader, type HostAccess } from './host-access'
import { linkVisits, type LinkLimits } from './link-visits'
import { eventsSince, streamEvents } from './event-stream'
import { sendError, sendFailure, sendJson, sendWordsPage } from './http-replies'
import { discardUpload, probeUpload, receiveUpload, serveMedia } from './media-routes'
import { serveDownload } from './download-route'
import { MAX_DOCUMENT_BYTES, MAX_JSON_BYTES, readJsonBody } from './read-body'
import {
  isLoopbackAddress,
  isLoopbackHost,
  isSameOrigin,
  presentedToken,
  sameOriginRedirect,
  tokenCookieName,
  wantsPage,
} from './request-guards'
import { publicOrigin } from './public-address'
import { loadRenderer, serveStatic, type RendererSnapshot } from './static-files'
import type { WorkerSetup } from '../hub/worker-setup'

export interface WebHostOptions {
  /** The library to serve, or a session whose library:open can replace it (the port and secret stay). */
  library: Library | LibrarySource
  /** Folder of the built renderer (index.html and assets); read into memory at start. */
  rendererDir: string
  /** The renderer already read into memory; rendererDir is then not read again. */
  renderer?: RendererSnapshot
  /** 0 picks a free port. */
  port?: number
  /**
   * Fixed secret, for tests; a random one per start otherwise. With `access` given, the token the printed URL
   * carries (a hub's admin token).
   */
  token?: string
  /** Who may use the host: by default the one secret (`token`); a hub's people with their tokens and roles. */
  access?: HostAccess
  /**
   * The address to listen on: loopback by default, where only loopback names are answered (against DNS
   * rebinding). Another address (a hub for a team, with TLS in front) answers any name, token required.
   */
  listen?: string
  /** The origin people reach this host at (`--public-url`), for the printed address; by default the listening one. */
  publicUrl?: string
  /** What a worker needs to work for this host (a hub's) now, handed to admins at `GET /worker`; absent elsewhere. */
  workerSetup?: (caller: Caller | undefined) => WorkerSetup
  /**
   * A secret of this process alone that also gets `GET /worker` (and nothing else): the hub's own helper workers
   * ask with it, so no other start's revoking of tokens stops them.
   */
  helperSecret?: string
  /** How fast one review link may be used (tests make it small); LINK_LIMITS by default. */
  linkLimits?: LinkLimits
  /** A hub's catalogue: while it is away, every request is answered 503 in its words, without asking it. */
  catalogue?: CatalogueWatch
}

/** What the host asks of a catalogue's health (main/hub/catalogue-health.ts). */
export interface CatalogueWatch {
  /** Why requests cannot be served now; null while the catalogue serves. */
  awayWords(): string | null
  /** A request failed for want of the catalogue: it is asked whether it is away. */
  suspect(): void
}

export interface WebHost {
  port: number
  token: string
  /** The address to open: it carries the secret once, then a cookie does. */
  url: string
  close(): Promise<void>
}

const LOOPBACK = '127.0.0.1'
// How long a browser keeps the secret's cookie (the secret itself changes with each run unless --token is given).
const COOKIE_SECONDS = 30 * 24 * 60 * 60
// Channels whose input holds a whole JSON document (a workflow's definition): their bodies may be larger.
const DOCUMENT_CHANNELS = new Set(
  Object.entries(contract)
    .filter(([, entry]) => carriesDocument(entry.input))
    .map(([channel]) => channel),
)

/** Serves the renderer and the contract over HTTP on loopback, guarded by a per-start secret. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const access = options.access ?? oneSecretAccess(token)
  const listen = options.listen ?? LOOPBACK
  const loopbackOnly = isLoopbackAddress(listen)
  const renderer = options.renderer ?? (await loadRenderer(options.rendererDir))
  const csp = contentSecurityPolicy()
  const libraries = librarySource(options.library)
  let port = 0
  const links = linkVisits(libraries, () => port, options.linkLimits)

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy()
      const failure = toAppError(error).toShape()
      // A body left unread must not be parsed as the next request: it is drained meanwhile, so the client is not
      // reset before reading the answer. Refused for what it is (too large, malformed), the connection closes after
      // the reply; refused as a conflict decided before it (another request is uploading that file), the connection
      // stays, so a client still sending reads the refusal in words (a push used to end in "write EPIPE").
      if (!req.complete) {
        if (failure.code !== 'conflict') res.setHeader('connection', 'close')
        req.resume()
      }
      sendFailed(res, failure)
    })
  })
  // A failure for want of the catalogue makes its health look (it then answers 503 at once, without waiting for it).
  const sendFailed = (res: ServerResponse, error: ErrorShape) => {
    if (error.code === 'unavailable') options.catalogue?.suspect()
    sendError(res, error)
  }
  // Malformed requests and sockets that fail before a request exists: answer 400 if possible, never throw.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (loopbackOnly && !isLoopbackHost(host, port)) {
      return sendFailure(res, 'forbidden', 'Requests must come from this machine by a loopback name.')
    }
    if (!isSameOrigin(req.headers.origin, host, !loopbackOnly)) {
      return sendFailure(res, 'forbidden', 'Requests must come from pages of this server.')
    }
    const url = new URL(req.url ?? '/', `http://${host}`)
    const away = options.catalogue?.awayWords()
    if (away) {
      if (wantsPage(req, url)) {
        return sendWordsPage(res, 503, 'The team library is back in a moment', [away, 'Reload this page then.'])
      }
      return sendFailure(res, 'unavailable', away)
    }
    const presented = presentedToken(req, url, port)
    const setup = url.pathname === '/worker' && req.method === 'GET' ? options.workerSetup : undefined
    if (setup && sameSecret(presented, options.helperSecret)) return sendJson(res, 200, setup(undefined))
    // Whoever asks may sign out: a cookie that no longer lets anyone in must still be cleared.
    if (url.pathname === '/sign-out' && req.method === 'POST') return signOut(res, presented)
    // A review link's address, and the requests of its visitors (issue 60 point 4).
    if (url.pathname.startsWith('/r/') && ['GET', 'POST'].includes(req.method ?? '')) return links.visit(req, res, url)
    const visit = await links.admit(req, res, url)
    if (visit === 'answered') return
    const admitted = visit ?? (await access.admit(presented))
    if (!admitted) {
      if (wantsPage(req, url)) return sendSignInPage(res, url.searchParams.has('token'))
      // A window whose access was taken away is told by whom, so it can say so in words.
      const ended = await access.ended(presented)
      return sendError(res, { code: 'unauthorized', message: access.refusal, ...(ended && { details: { ended } }) })
    }
    const { caller } = admitted
    if (url.searchParams.has('token')) return setCookieAndRedirect(res, url, await access.browserToken(presented!))
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length), caller)
    if (url.pathname === '/events' && req.method === 'GET') {
      const reader = visit
        ? links.streamReader(visit.credential)
        : caller && personStreamReader(access, presented, caller)
      return streamEvents(libraries, res, eventsSince(req, url), reader)
    }
    if (url.pathname === '/upload' && ['POST', 'DELETE', 'GET'].includes(req.method ?? '')) {
      // Uploads exist to be imported: whoever may not import may not fill the hub's disk either.
      if (caller && !mayCall(caller.role, 'media:import-uploads')) {
        const admin = await libraries.use((lib) => anAdminName(lib))
        return sendFailure(res, 'forbidden', refusal(caller.role, 'media:import-uploads', admin)!)
      }
      if (req.method === 'POST') return libraries.use((lib) => receiveUpload(lib, req, res, url))
      if (req.method === 'GET') return libraries.use((lib) => probeUpload(lib, url, res))
      return libraries.use((lib) => discardUpload(lib, url, res))
    }
    if (setup) {
      // It carries the catalogue's password: for the hub's admins alone.
      if (caller && caller.role !== 'admin') {
        return sendFailure(
          res,
          'forbidden',
          "Only an admin's token starts a worker: it is given the catalogue's address.",
        )
      }
      return sendJson(res, 200, setup(caller))
    }
    if (url.pathname === '/download' || url.pathname.startsWith('/download/')) {
      if (!['GET', 'HEAD', 'POST'].includes(req.method ?? '')) {
        return sendFailure(res, 'not_found', `No ${req.method} route for ${url.pathname}.`)
      }
      if (caller?.link && !caller.link.downloads) {
        return sendFailure(res, 'forbidden', 'This review link does not allow downloads.')
      }
      return libraries.use(async (lib) => serveDownload(await actingFor(lib, caller), req, res, url))
    }
    if (url.pathname.startsWith('/media/') && (req.method === 'GET' || req.method === 'HEAD')) {
      return libraries.use(async (lib) => serveMedia(await actingFor(lib, caller), req, res, url.pathname))
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendFailure(res, 'not_found', `No ${req.method} route for ${url.pathname}.`)
    }
    return serveStatic(renderer, url.pathname, res, csp)
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    channel: string,
    caller: Caller | undefined,
  ): Promise<void> {
    if (req.method !== 'POST') {
      return sendFailure(res, 'validation', 'API calls use POST with a JSON body.')
    }
    const limit = DOCUMENT_CHANNELS.has(channel) ? MAX_DOCUMENT_BYTES : MAX_JSON_BYTES
    const input = await readJsonBody(req, limit)
    // The library open once the body is in: a switch may have happened while it arrived.
    const act = actionOf(req)
    const envelope = await libraries.use((lib) =>
      dispatch(lib, channel, input, caller && act ? { ...caller, action: act } : caller),
    )
    if (envelope.ok) sendJson(res, 200, envelope)
    else sendFailed(res, envelope.error)
  }

  function setCookieAndRedirect(res: ServerResponse, url: URL, kept: string): void {
    url.searchParams.delete('token')
    res.writeHead(302, {
      // Kept for 30 days, not only while the browser runs: closing the last tab does not sign out.
      'set-cookie': tokenCookie(kept, COOKIE_SECONDS),
      location: sameOriginRedirect(url),
      'cache-control': 'no-store',
    })
    res.end()
  }

  /** The sign-in page, with a word on the token just tried when it let no one in. */
  function sendSignInPage(res: ServerResponse, tried: boolean): void {
    const page = access.signInPage
    sendWordsPage(res, 401, page.title, page.paragraphs, {
      name: 'token',
      label: page.field,
      button: 'Sign in',
      note: tried ? page.refused : undefined,
    })
  }

  /** Ends this browser's sign-in: its own token revoked (on a hub), its cookie expired. The page then reloads. */
  async function signOut(res: ServerResponse, presented: string | undefined): Promise<void> {
    if (presented !== undefined) await access.signOut(presented)
    res.writeHead(204, { 'set-cookie': tokenCookie('', 0), 'cache-control': 'no-store' })
    res.end()
  }

  function tokenCookie(value: string, seconds: number): string {
    return `${tokenCookieName(port)}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${seconds}`
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, listen, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // Once listening, a server error (say, out of file descriptors on accept) is logged, never thrown.
  server.on('error', (error) => console.error('framevault web: server error:', error))
  port = (server.address() as AddressInfo).port

  return {
    port,
    token,
    url: `${publicOrigin(listen, port, options.publicUrl)}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Whether `presented` is `secret` (compared in constant time); never when there is no secret. */
function sameSecret(presented: string | undefined, secret: string | undefined): boolean {
  if (presented === undefined || secret === undefined) return false
  const [a, b] = [Buffer.from(presented), Buffer.from(secret)]
  return a.length === b.length && timingSafeEqual(a, b)
}

// A client names the act a call is part of (`push:<uuid>`) so the activity log makes the act's calls one entry.
const ACTION = /^push:[A-Za-z0-9-]{8,64}$/

function actionOf(req: IncomingMessage): string | undefined {
  const named = req.headers['x-framevault-action']
  return typeof named === 'string' && ACTION.test(named) ? named : undefined
}
