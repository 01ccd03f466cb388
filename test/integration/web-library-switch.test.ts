import { mkdirSync, writeFileSync } from 'node:fs'
import { request, type ClientRequest } from 'node:http'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { openLibrarySession, type LibrarySession } from '../../main/app/library-session'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import type { BackupResult, LibraryInfo, LibraryRestores, MediaAsset, RestoreResult } from '../../shared/contract'
import { http, postChannel, type HttpReply } from '../helpers/http'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const stops: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

/** A web host serving a session on the library in a fresh folder, as `npm run web` does. */
async function startHost(): Promise<{ session: LibrarySession; host: WebHost }> {
  const root = tempDir()
  const rendererDir = path.join(root, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Framevault</title>')
  const session = openLibrarySession(path.join(root, 'library'))
  stops.push(() => session.close())
  const host = await startWebHost({ library: session, rendererDir, port: 0 })
  stops.push(() => host.close())
  return { session, host }
}

function post(host: WebHost, channel: string, input: unknown): Promise<HttpReply> {
  return postChannel(host.port, host.token, channel, input)
}

async function call<T>(host: WebHost, channel: string, input: unknown): Promise<T> {
  const reply = await post(host, channel, input)
  const body = reply.json() as { ok: boolean; data: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${channel}: ${reply.status} ${body.error?.message}`)
  return body.data
}

/** An open `/events` stream and the text it has received so far. */
function listen(host: WebHost): { text: () => string; request: ClientRequest } {
  let text = ''
  const req = request(
    {
      host: '127.0.0.1',
      port: host.port,
      path: '/events',
      headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}` },
    },
    (res) => res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8'))),
  )
  req.on('error', () => undefined)
  req.end()
  stops.push(async () => void req.destroy())
  return { text: () => text, request: req }
}

describe('the web host switching libraries (library:open)', () => {
  it('serves the restored library on the same port and secret after the switch, and the original after switching back', async () => {
    const { session, host } = await startHost()
    const original = session.current
    await importAndWait(original, [fixtures.mp4])
    const backedUp = (await call<{ items: MediaAsset[] }>(host, 'media:list', {})).items.map((asset) => asset.id)
    const backup = await call<BackupResult>(host, 'library:backup', {})
    const target = path.join(tempDir(), 'restored')
    const restored = await call<RestoreResult>(host, 'library:restore', { backup: backup.name, target })
    await importAndWait(original, [fixtures.png])
    const events = listen(host)
    await expect.poll(() => events.text()).toContain(': connected')

    const unknown = await post(host, 'library:open', { path: tempDir() })
    expect(unknown.status).toBe(403)
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(session.current).toBe(original)

    expect(await call(host, 'library:open', { path: target })).toEqual({ path: target, name: restored.name })
    expect(original.sqlite.db.open).toBe(false)
    const info = await call<LibraryInfo>(host, 'library:info', {})
    expect({ id: info.id, name: info.name, path: info.path }).toEqual({
      id: restored.id,
      name: restored.name,
      path: target,
    })
    const listed = await call<{ items: MediaAsset[] }>(host, 'media:list', {})
    expect(listed.items.map((asset) => asset.id)).toEqual(backedUp)
    // Still loopback and the same secret: a call without it is refused as before.
    const anonymous = await http(host.port, { path: '/api/library:info', headers: { host: `127.0.0.1:${host.port}` } })
    expect(anonymous.status).toBe(401)
    // The stream opened before the switch tells of it, then carries the new library's events.
    await expect
      .poll(() => events.text())
      .toContain(`event: library:opened\ndata: ${JSON.stringify({ path: target, name: restored.name })}`)
    await call(host, 'library:rename', { name: 'Looking back' })
    await expect
      .poll(() => events.text())
      .toMatch(/event: library:changed\ndata: \{"tables":\["library_meta"\],"topics":\["library"\],"seq":\d+\}/)

    const there = await call<LibraryRestores>(host, 'library:restores', {})
    expect(there.previous).toEqual({ path: original.dir, name: 'Framevault library', unavailable: null })
    await call(host, 'library:open', { path: original.dir })
    expect((await call<LibraryInfo>(host, 'library:info', {})).name).toBe('Framevault library')
    expect((await call<{ items: MediaAsset[] }>(host, 'media:list', {})).items).toHaveLength(2)
    const home = await call<LibraryRestores>(host, 'library:restores', {})
    expect(home.restores).toMatchObject([{ path: target, name: 'Looking back', unavailable: null }])
  })
})

describe('requests in flight while the web host switches libraries', () => {
  it('all answer: each finishes on the library it started on, which closes only after them', async () => {
    const { session, host } = await startHost()
    const original = session.current
    await importAndWait(original, [fixtures.mp4, fixtures.png])
    const backup = await call<BackupResult>(host, 'library:backup', {})
    const target = path.join(tempDir(), 'restored')
    await call<RestoreResult>(host, 'library:restore', { backup: backup.name, target })
    // library:info and library:restores read the database after awaiting the disk: a switch can come between.
    const channels = ['library:info', 'library:restores', 'media:list', 'library:info', 'library:backups']
    const statuses = new Map<number, number>()
    let switching = true
    const load = async () => {
      for (let i = 0; switching; i++) {
        const reply = await post(host, channels[i % channels.length]!, {})
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
      }
    }
    const clients = Array.from({ length: 8 }, load)
    for (let round = 0; round < 20; round++) {
      await call(host, 'library:open', { path: round % 2 === 0 ? target : original.dir })
    }
    switching = false
    await Promise.all(clients)
    expect([...statuses.keys()]).toEqual([200])
    expect(statuses.get(200)).toBeGreaterThan(100)
    expect(session.current.dir).toBe(original.dir)
  })
})
