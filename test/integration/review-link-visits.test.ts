import { afterEach, describe, expect, inject, it } from 'vitest'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { openLibrary } from '../../main/app/open-library'
import { librarySource } from '../../main/app/library-session'
import type { Library } from '../../main/services/library-context'
import { addToCollection, createCollection } from '../../main/services/collections/collections'
import { createLink, type LinkRequest } from '../../main/services/links/review-links'
import { startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import type { LinkLimits } from '../../main/web/link-visits'
import { startWebHost } from '../../main/web/web-host'
import { openEventStream } from '../helpers/event-stream'
import { http } from '../helpers/http'
import { importAndWait } from '../helpers/ingest'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Issue 60 point 4: a visitor of a review link, with no account, on a hub over HTTP beside its admin.
const fixtures = inject('fixtures')
const closing: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

/** What these tests read of the answers they get. */
interface Answer {
  ok: boolean
  data: {
    items: Array<{ id: string }>
    collections: Array<{ name: string }>
    comment: { author: unknown }
    comments: Array<{ author: { name: string; guest: boolean }; body: string }>
    review: unknown
    link: { state: string }
    visit: unknown
  }
  error: { code: string; message: string }
}

/** A hub with a clip (in no collection) and a still (in "Client picks"), served; links made to "Client picks". */
async function servedHub(linkLimits?: LinkLimits) {
  const hub: Library = await openHubLibrary(tempDir(), await freshHubDatabase(), { actor: 'hub' })
  const { items } = await importAndWait(hub, [fixtures.mp4, fixtures.png])
  const [clip, still] = items.map((item) => item.asset!.id) as [string, string]
  const admin = (await startToken(hub)).token
  const { collection } = await createCollection(hub, 'Client picks')
  await addToCollection(hub, collection.id, [still])
  const host = await startWebHost({
    library: hub,
    rendererDir: tempDir(),
    access: peopleAccess(librarySource(hub)),
    linkLimits,
  })
  closing.push(
    () => hub.close(),
    () => host.close(),
  )
  const link = (request: Partial<LinkRequest> = {}, now?: Date) =>
    createLink({ ...hub, actor: 'Ada' }, { collectionId: collection.id, downloads: false, ...request }, now)
  const request = (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) =>
    http(host.port, { method, path, headers: { host: `127.0.0.1:${host.port}`, ...headers }, body })
  const call = async (bearer: string, channel: string, input: unknown, guest?: string) => {
    const reply = await request(
      `/api/${channel}`,
      {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        ...(guest !== undefined && { 'x-framevault-guest': encodeURIComponent(guest) }),
      },
      'POST',
      JSON.stringify(input),
    )
    return { status: reply.status, body: reply.json() as Answer }
  }
  /** Types a link's password on its page: the reply, and the credential its cookie then carries. */
  const typePassword = async (token: string, password: string) => {
    const reply = await request(
      `/r/${token}`,
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      'POST',
      new URLSearchParams({ password }).toString(),
    )
    const cookie = String(reply.headers['set-cookie'] ?? '')
    return { reply, credential: /framevault_link_\d+=([^;]+)/.exec(cookie)?.[1] }
  }
  return { hub, host, clip, still, collection, admin, link, request, call, typePassword }
}

describe('a review link on a hub', () => {
  it('asks for the password, then shows its one collection alone, and takes comments under a typed name as a guest', async () => {
    const { clip, still, collection, admin, link, request, call, typePassword } = await servedHub()
    const { token } = await link({ password: 'north light' })

    const form = await request(`/r/${token}`, { accept: 'text/html' })
    expect(form.status).toBe(401)
    expect(form.text).toContain(`<form method="post" action="/r/${token}"`)
    expect(form.text).toContain('type="password"')
    const wrong = await typePassword(token, 'north lights')
    expect(wrong.reply.status).toBe(401)
    expect(wrong.reply.text).toContain('That password is not the link’s.')
    expect(wrong.credential).toBeUndefined()
    const right = await typePassword(token, 'north light')
    expect(right.reply.status).toBe(303)
    expect(right.reply.headers.location).toBe('/')
    const credential = right.credential!
    expect(credential.startsWith(`${token}.`)).toBe(true)
    // The token alone, or with a forged proof, does not get past the password.
    expect((await call(token, 'media:list', {})).status).toBe(401)
    expect((await call(`${credential.slice(0, -2)}xx`, 'media:list', {})).status).toBe(401)
    const cookie = { cookie: `framevault_link_${/\d+/.exec(right.reply.headers['set-cookie']![0]!)![0]}=${credential}` }
    expect((await request('/', { ...cookie, accept: 'text/html' })).status).not.toBe(401)

    expect((await call(credential, 'links:visiting', {})).body.data).toEqual({
      visit: { collection: { id: collection.id, name: 'Client picks' }, downloads: false, expiresAt: null },
    })
    expect((await call(admin, 'links:visiting', {})).body.data).toEqual({ visit: null })
    const page = await call(credential, 'media:list', { limit: 50 })
    expect(page.body.data.items.map((item) => item.id)).toEqual([still])
    expect((await call(credential, 'media:list', { query: 'mp4', limit: 50 })).body.data.items).toEqual([])
    expect(await call(credential, 'media:get', { id: clip })).toEqual({
      status: 404,
      body: { ok: false, error: { code: 'not_found', message: `No asset with id ${clip}.` } },
    })
    expect((await call(credential, 'media:get', { id: still })).status).toBe(200)
    expect((await call(credential, 'collections:list', {})).body.data.collections.map((c) => c.name)).toEqual([
      'Client picks',
    ])
    for (const [path, status] of [
      [`/media/files/${clip}`, 404],
      [`/media/thumbs/${clip}/poster.jpg`, 404],
      [`/media/files/${still}`, 200],
      [`/media/thumbs/${still}/poster.jpg`, 200],
      // This link allows no download, not even of what it shows.
      [`/download/files/${still}`, 403],
      [`/download?collection=${collection.id}`, 403],
    ] as const) {
      expect({ path, status: (await request(path, cookie)).status }).toEqual({ path, status })
    }
    // A channel a commenter may not call is refused; one on an asset from elsewhere is not found.
    expect((await call(credential, 'links:list', {})).body.error.code).toBe('forbidden')
    expect((await call(credential, 'media:tag', { ids: [still], tags: ['x'] })).body.error.code).toBe('forbidden')
    expect((await call(credential, 'comments:add', { assetId: clip, body: 'hi' }, 'Dana')).status).toBe(404)

    const nameless = await call(credential, 'comments:add', { assetId: still, body: 'Lovely light' })
    expect(nameless.body.error).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Type your name'),
    })
    const commented = await call(credential, 'comments:add', { assetId: still, body: 'Lovely light', at: 0 }, 'Dana')
    expect(commented.body.data.comment.author).toEqual({ id: null, name: 'Dana', guest: true })
    const approved = await call(credential, 'review:set', { assetId: still, status: 'approved' }, 'Dana')
    expect(approved.body.data.review).toMatchObject({ status: 'approved', by: 'Dana (guest)' })
    // The team reads the guest's comment, marked as a guest's.
    const seen = await call(admin, 'comments:list', { assetId: still })
    expect(seen.body.data.comments.map((c) => [c.author.name, c.author.guest, c.body])).toEqual([
      ['Dana', true, 'Lovely light'],
    ])
  })

  it('downloads what the link shows where it allows, and answers 410 with words once it expired', async () => {
    const { clip, still, collection, link, request, call } = await servedHub()
    const { token } = await link({ downloads: true })
    const entered = await request(`/r/${token}`, { accept: 'text/html' })
    expect(entered.status).toBe(303)
    expect(String(entered.headers['set-cookie'])).toContain(`=${token}; HttpOnly; SameSite=Lax; Path=/`)
    const bearer = { authorization: `Bearer ${token}` }
    expect((await request(`/download/files/${still}`, bearer)).status).toBe(200)
    expect((await request(`/download?collection=${collection.id}`, bearer)).status).toBe(200)
    expect((await request(`/download/files/${clip}`, bearer)).status).toBe(404)

    const expired = await link({ expiresInSeconds: 60 }, new Date(Date.now() - 120_000))
    const gone = await request(`/r/${expired.token}`, { accept: 'text/html' })
    expect(gone.status).toBe(410)
    expect(gone.text).toContain('This review link expired on')
    const api = await call(expired.token, 'media:list', {})
    expect(api).toMatchObject({ status: 410, body: { ok: false, error: { details: { ended: { reason: 'ended' } } } } })
    expect((await request('/r/fvl_nosuchlinkatallnosuchlinkatall', { accept: 'text/html' })).status).toBe(404)
  })

  it('ends an open page within a second of its revocation: its event stream closes, every request answers 410', async () => {
    const { admin, link, request, call, host } = await servedHub()
    const { token, link: made } = await link()
    const other = await link()
    const stream = openEventStream(host.port, '/events', {
      host: `127.0.0.1:${host.port}`,
      authorization: `Bearer ${token}`,
    })
    closing.push(async () => void stream.request.destroy())
    await stream.until((text) => text.includes(': connected'))

    const started = performance.now()
    expect((await call(admin, 'links:revoke', { id: made.id })).body.data.link.state).toBe('revoked')
    await stream.until((text) => text.includes('event: access:ended'))
    await stream.ended
    expect(performance.now() - started).toBeLessThan(1000)
    expect(stream.events().at(-1)).toEqual([
      'event: access:ended',
      expect.stringMatching(/^data: \{"library":"[^"]*","reason":"revoked","by":"admin","at":"[^"]+","link":true\}$/),
    ])
    expect((await call(token, 'media:list', {})).status).toBe(410)
    const page = await request('/', { authorization: `Bearer ${token}`, accept: 'text/html' })
    expect(page.status).toBe(410)
    expect(page.text).toContain('This review link was revoked')
    // Another link to the same collection still opens.
    expect((await call(other.token, 'media:list', {})).status).toBe(200)
  })

  it('limits each link: passwords tried and requests answer 429 with Retry-After, other links untouched', async () => {
    const limits = { requests: { burst: 4, perSecond: 0.5 }, passwordTries: { burst: 2, perSecond: 0.01 } }
    const { link, call, typePassword } = await servedHub(limits)
    const locked = await link({ password: 'north light' })
    expect((await typePassword(locked.token, 'a')).reply.status).toBe(401)
    expect((await typePassword(locked.token, 'b')).reply.status).toBe(401)
    const third = await typePassword(locked.token, 'north light')
    expect(third.reply.status).toBe(429)
    expect(Number(third.reply.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(third.credential).toBeUndefined()

    const [busy, quiet] = [await link(), await link()]
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await call(busy.token, 'media:list', {})).status)
    expect(statuses).toEqual([200, 200, 200, 200, 429])
    expect((await call(quiet.token, 'media:list', {})).status).toBe(200)
  })
})

describe('a review link on a library folder served by npm run web', () => {
  it('shows its collection alone to a visitor without the host’s secret, and nothing once revoked', async () => {
    const lib = openLibrary(tempDir())
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
    const [clip, still] = items.map((item) => item.asset!.id) as [string, string]
    const { collection } = await createCollection(lib, 'Client picks')
    await addToCollection(lib, collection.id, [clip])
    const host = await startWebHost({ library: lib, rendererDir: tempDir() })
    closing.push(
      () => lib.close(),
      () => host.close(),
    )
    const { token, link } = await createLink(lib, { collectionId: collection.id, downloads: false })
    const call = async (bearer: string, channel: string, input: unknown) => {
      const reply = await http(host.port, {
        method: 'POST',
        path: `/api/${channel}`,
        headers: {
          host: `127.0.0.1:${host.port}`,
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
      })
      return { status: reply.status, body: reply.json() as Answer }
    }
    expect((await call(token, 'media:list', { limit: 50 })).body.data.items.map((item) => item.id)).toEqual([clip])
    expect((await call(host.token, 'media:list', { limit: 50 })).body.data.items).toHaveLength(2)
    expect((await call(token, 'media:get', { id: still })).status).toBe(404)
    expect((await call(token, 'library:rename', { name: 'Mine' })).body.error.code).toBe('forbidden')
    expect((await call(host.token, 'links:revoke', { id: link.id })).status).toBe(200)
    expect((await call(token, 'media:list', {})).status).toBe(410)
  })
})
