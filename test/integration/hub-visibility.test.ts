import { afterEach, describe, expect, inject, it } from 'vitest'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { librarySource } from '../../main/app/library-session'
import type { Library } from '../../main/services/library-context'
import { addToCollection, createCollection } from '../../main/services/collections/collections'
import { shareCollection } from '../../main/services/collections/shares'
import { addPerson, startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { openEventStream } from '../helpers/event-stream'
import { http } from '../helpers/http'
import { importAndWait } from '../helpers/ingest'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Issue 60 point 3: on a hub over HTTP, an admin and a client limited to one shared collection at the same time.
const fixtures = inject('fixtures')
const closing: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

/** A hub with a clip (shared with no one) and a still (in "Client picks", shared with the client), served. */
async function servedHub() {
  const hub: Library = await openHubLibrary(tempDir(), await freshHubDatabase(), { actor: 'hub' })
  const { items } = await importAndWait(hub, [fixtures.mp4, fixtures.png])
  const [clip, still] = items.map((item) => item.asset!.id) as [string, string]
  const admin = (await startToken(hub)).token
  const client = await addPerson(hub, { name: 'Client', role: 'viewer', scope: 'shared' }, 'admin')
  const { collection } = await createCollection(hub, 'Client picks')
  await addToCollection(hub, collection.id, [still])
  await shareCollection({ ...hub, actor: 'admin' }, collection.id, { personId: client.person.id })
  const host: WebHost = await startWebHost({
    library: hub,
    rendererDir: tempDir(),
    access: peopleAccess(librarySource(hub)),
  })
  closing.push(
    () => hub.close(),
    () => host.close(),
  )
  const tokens = { admin, client: client.token }
  const headers = (who: keyof typeof tokens) => ({
    host: `127.0.0.1:${host.port}`,
    authorization: `Bearer ${tokens[who]}`,
  })
  const get = async (who: keyof typeof tokens, path: string) =>
    (await http(host.port, { path, headers: headers(who) })).status
  const call = async (who: keyof typeof tokens, channel: string, input: unknown) => {
    const reply = await http(host.port, {
      method: 'POST',
      path: `/api/${channel}`,
      headers: { ...headers(who), 'content-type': 'application/json' },
      body: JSON.stringify(input),
    })
    return { status: reply.status, body: reply.json() as { ok: boolean; error?: { code: string; message: string } } }
  }
  const stream = (who: keyof typeof tokens) => {
    const opened = openEventStream(host.port, '/events', headers(who))
    closing.push(async () => void opened.request.destroy())
    return opened
  }
  return { clip, still, collectionId: collection.id, get, call, stream }
}

describe('a hub serving an admin and a client limited to a shared collection at once', () => {
  it('answers 404 for the id, file and thumbnails of an asset outside the share, and sends no event about it', async () => {
    const { clip, still, get, call, stream } = await servedHub()
    const [adminEvents, clientEvents] = [stream('admin'), stream('client')]
    await Promise.all([
      adminEvents.until((text) => text.includes(': connected')),
      clientEvents.until((t) => t.includes(': connected')),
    ])

    const [adminGets, clientGets] = await Promise.all([
      call('admin', 'media:get', { id: clip }),
      call('client', 'media:get', { id: clip }),
    ])
    expect(adminGets.status).toBe(200)
    expect(clientGets).toEqual({
      status: 404,
      body: { ok: false, error: { code: 'not_found', message: `No asset with id ${clip}.` } },
    })
    expect((await call('client', 'media:get', { id: still })).status).toBe(200)
    for (const path of [
      `/media/files/${clip}`,
      `/media/thumbs/${clip}/poster.jpg`,
      `/media/thumbs/${clip}/sprite.jpg`,
    ]) {
      expect({ path, status: await get('client', path) }).toEqual({ path, status: 404 })
    }
    expect(await get('admin', `/media/files/${clip}`)).toBe(200)
    // The poster is made by the import's follow-up job: the admin gets it once made (under load, a moment later).
    await expect.poll(() => get('admin', `/media/thumbs/${clip}/poster.jpg`), { timeout: 10_000 }).toBe(200)
    expect(await get('client', `/media/files/${still}`)).toBe(200)
    expect(await get('client', `/media/thumbs/${still}/poster.jpg`)).toBe(200)

    // The admin works on the clip: a rating (a change) and a verify job (events that name the clip).
    expect((await call('admin', 'media:set-rating', { ids: [clip], rating: 4 })).status).toBe(200)
    expect((await call('admin', 'health:verify', { ids: [clip] })).status).toBe(200)
    await adminEvents.until((text) => text.includes('event: job:updated') && text.includes('"state":"done"'))
    const changes = (text: string) => text.split('event: library:changed').length - 1
    await clientEvents.until((text) => changes(text) >= 1)
    const heard = clientEvents.events().map((lines) => lines.find((line) => line.startsWith('event: ')))
    expect(new Set(heard)).toEqual(new Set(['event: library:changed']))
    expect(clientEvents.events().flat().join('\n')).not.toContain(clip)
  })

  it('downloads for the client only what is shared: the original, a zip of ids and the shared collection', async () => {
    const { clip, still, collectionId, get } = await servedHub()
    expect(await get('client', `/download/files/${still}`)).toBe(200)
    expect(await get('client', `/download?ids=${still}`)).toBe(200)
    expect(await get('client', `/download?collection=${collectionId}`)).toBe(200)
    for (const path of [`/download/files/${clip}`, `/download?ids=${still},${clip}`]) {
      expect({ path, status: await get('client', path) }).toEqual({ path, status: 404 })
    }
    expect(await get('admin', `/download?ids=${still},${clip}`)).toBe(200)
  })
})
