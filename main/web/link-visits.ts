import type { IncomingMessage, ServerResponse } from 'node:http'
import { GuestName, type AccessEnded } from '../../shared/contract'
import type { LibrarySource } from '../app/library-session'
import type { ReviewLinkRow } from '../db/repos/review-links'
import type { Caller } from '../handlers/handler-types'
import { LINK_TOKEN_PREFIX } from '../services/links/link-secrets'
import { openLink, unlockLink, type LinkOpening } from '../services/links/link-visits'
import type { StreamReader } from './event-stream'
import { sendJson, sendWordsPage } from './http-replies'
import { readFormBody } from './read-body'
import { wantsPage } from './request-guards'
import { TokenBuckets, type BucketRate } from './token-buckets'

/** How fast one link may be used: its requests, and the passwords tried on it. */
export interface LinkLimits {
  requests: BucketRate
  passwordTries: BucketRate
}

// A collection's grid asks for a page and a thumbnail per asset at once; five tries, then one each 20 s.
export const LINK_LIMITS: LinkLimits = {
  requests: { burst: 300, perSecond: 30 },
  passwordTries: { burst: 5, perSecond: 0.05 },
}
const LINK_PATH = /^\/r\/(fvl_[A-Za-z0-9_-]{20,100})$/
const MAX_PASSWORD_FORM_BYTES = 4096
// The cookie that carries a link's credential lasts at most as long as a typed password does.
const COOKIE_SECONDS = 12 * 60 * 60

/** A link's visitor let in: who they are to the handlers, and the credential their stream asks again with. */
export interface LinkAdmission {
  caller: Caller
  credential: string
}

/**
 * Review links on a web host or hub (issue 60 point 4): `/r/<token>` (a password form first where the link has one,
 * then a cookie for that link), and the admission of every later request that presents the link's credential, as a
 * commenter who sees the link's one collection. Expired and revoked links answer 410, a link used too fast 429.
 */
export function linkVisits(libraries: LibrarySource, port: () => number, limits: LinkLimits = LINK_LIMITS) {
  const requests = new TokenBuckets(limits.requests)
  const passwordTries = new TokenBuckets(limits.passwordTries)
  const cookieName = () => `framevault_link_${port()}`
  const open = (credential: string) => libraries.use((lib) => openLink(lib, credential))

  /** `GET /r/<token>`: the password form, or the link's cookie and on to its pages; `POST`: a password typed. */
  async function visit(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const token = LINK_PATH.exec(url.pathname)?.[1]
    const opening = token === undefined ? ({ state: 'unknown' } as const) : await open(token)
    if (opening.state === 'unknown') return sendUnknown(res)
    if (opening.state === 'expired' || opening.state === 'revoked')
      return sendGone(req, res, url, opening.state, opening.link)
    if (tooFast(res, requests, opening.link.id, true)) return
    if (opening.state === 'open') return enter(res, token!, COOKIE_SECONDS)
    if (req.method !== 'POST') return sendPasswordForm(res, url.pathname, false)
    if (tooFast(res, passwordTries, opening.link.id, true)) return
    const form = await readFormBody(req, MAX_PASSWORD_FORM_BYTES, 'A password is at most 200 characters.')
    const unlocked = await unlockLink(opening.link, token!, form.get('password') ?? '')
    if (!unlocked) return sendPasswordForm(res, url.pathname, true)
    return enter(res, unlocked.credential, Math.ceil((unlocked.until - Date.now()) / 1000))
  }

  /**
   * Admits a request that presents a link's credential (`Authorization: Bearer fvl_…`, or the link's cookie when no
   * person's token is presented); null when it presents none. A refusal is answered here ('answered').
   */
  async function admit(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<LinkAdmission | 'answered' | null> {
    const credential = url.searchParams.has('token') ? undefined : presentedCredential(req)
    if (credential === undefined) return null
    const opening = await open(credential)
    const page = wantsPage(req, url)
    if (opening.state === 'expired' || opening.state === 'revoked') {
      await sendGone(req, res, url, opening.state, opening.link)
      return 'answered'
    }
    if (opening.state === 'unknown') {
      if (page) sendUnknown(res)
      else sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'No such review link.' } })
      return 'answered'
    }
    if (opening.state === 'needs-password') {
      if (page) redirect(res, `/r/${credential.split('.')[0]}`)
      else
        sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Type the review link’s password.' } })
      return 'answered'
    }
    if (tooFast(res, requests, opening.link.id, page)) return 'answered'
    const typed = GuestName.safeParse(guestHeader(req))
    const link = opening.link
    const visitor = {
      id: link.id,
      collectionId: link.collectionId,
      downloads: link.downloads === 1,
      guestName: typed.success ? typed.data : null,
    }
    return { caller: { role: 'commenter', scope: 'shared', link: visitor }, credential }
  }

  /** The reader of a link's event stream: it ends, saying why, once the link is revoked or expires. */
  function streamReader(credential: string): StreamReader {
    return {
      role: 'commenter',
      scope: 'shared',
      async check() {
        const opening = await open(credential)
        if (opening.state === 'open') return { role: 'commenter', scope: 'shared' }
        return { ended: await ended(opening) }
      },
    }
  }

  function presentedCredential(req: IncomingMessage): string | undefined {
    const auth = req.headers.authorization
    if (auth?.startsWith('Bearer ')) {
      const bearer = auth.slice('Bearer '.length)
      return bearer.startsWith(LINK_TOKEN_PREFIX) ? bearer : undefined
    }
    for (const part of req.headers.cookie?.split(';') ?? []) {
      const [key, ...rest] = part.trim().split('=')
      if (key === cookieName()) return rest.join('=') || undefined
    }
    return undefined
  }

  /** Sets the link's cookie and opens its pages. */
  function enter(res: ServerResponse, credential: string, seconds: number): void {
    res.writeHead(303, {
      'set-cookie': `${cookieName()}=${credential}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${seconds}`,
      location: '/',
      'cache-control': 'no-store',
    })
    res.end()
  }

  /** Why a link no longer opens, as an ended stream and a 410 tell it. */
  async function ended(opening: LinkOpening): Promise<AccessEnded> {
    const library = (await libraries.use((lib) => lib.catalog.repos.meta.get('name'))) ?? ''
    if (opening.state === 'revoked') {
      return { library, reason: 'revoked', by: opening.link.revokedBy, at: opening.link.revokedAt, link: true }
    }
    const at = opening.state === 'unknown' ? null : opening.link.expiresAt
    return { library, reason: 'ended', by: null, at, link: true }
  }

  async function sendGone(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    state: 'expired' | 'revoked',
    link: ReviewLinkRow,
  ): Promise<void> {
    const words = goneWords(state, link)
    if (!wantsPage(req, url) && !url.pathname.startsWith('/r/')) {
      const details = { ended: await ended({ state, link }) }
      return sendJson(res, 410, { ok: false, error: { code: 'unauthorized', message: words, details } })
    }
    sendWordsPage(res, 410, words, [
      'Whoever sent you this link can make you a new one.',
      `It showed the collection “${link.collectionName}”.`,
    ])
  }

  return { visit, admit, streamReader, cookieName }
}

/** The words of a link that no longer opens. */
function goneWords(state: 'expired' | 'revoked', link: ReviewLinkRow): string {
  return state === 'revoked'
    ? 'This review link was revoked'
    : `This review link expired on ${link.expiresAt!.slice(0, 10)}`
}

/** Answers 429 with Retry-After when the link's bucket is empty; true then. */
function tooFast(res: ServerResponse, buckets: TokenBuckets, linkId: number, page: boolean): boolean {
  const wait = buckets.take(String(linkId))
  if (wait === null) return false
  res.setHeader('retry-after', String(wait))
  const message = `This review link is used too fast: try again in ${wait} s.`
  if (page) sendWordsPage(res, 429, 'Too many tries', [message])
  else sendJson(res, 429, { ok: false, error: { code: 'unavailable', message } })
  return true
}

function sendUnknown(res: ServerResponse): void {
  sendWordsPage(res, 404, 'No such review link', [
    'This address opens nothing here: check that it was copied whole, or ask whoever sent it for a new one.',
  ])
}

function sendPasswordForm(res: ServerResponse, path: string, tried: boolean): void {
  sendWordsPage(res, 401, 'This review link has a password', ['Type the password you were given with the link.'], {
    name: 'password',
    label: 'Password',
    button: 'Open',
    note: tried ? 'That password is not the link’s. Check it and try again.' : undefined,
    secret: { action: path },
  })
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' })
  res.end()
}

function guestHeader(req: IncomingMessage): string | undefined {
  const given = req.headers['x-framevault-guest']
  if (typeof given !== 'string') return undefined
  try {
    return decodeURIComponent(given)
  } catch {
    return undefined
  }
}
