import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import type { ClientRequest } from 'node:http'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LibraryChanged, type ChangeTopic } from '../../shared/contract'
import { CHANGES_KEPT } from '../../main/db/change-log'
import type { LocalLibrary } from '../../main/services/library-context'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { call } from '../helpers/browse'
import { cli } from '../helpers/cli'
import { openEventStream } from '../helpers/event-stream'
import { http } from '../helpers/http'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'
import { topicsOf } from '../../main/db/change-topics'

let fx: Fixtures
let host: WebHost | undefined
const streams: ClientRequest[] = []

beforeAll(async () => {
  fx = await ensureFixtures()
}, 180_000)

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.destroy()
  await host?.close()
  host = undefined
})

/** A library served by a web host; its other processes' changes are looked for every 20 ms. */
async function served(): Promise<{ lib: LocalLibrary; dir: string }> {
  const root = tempDir()
  const rendererDir = path.join(root, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Framevault</title>')
  const dir = path.join(root, 'library')
  const lib = testLibrary(dir, { changeTiming: { pollMs: 20 } })
  host = await startWebHost({ library: lib, rendererDir, port: 0 })
  return { lib, dir }
}

const headers = (extra: Record<string, string> = {}) => ({
  host: `127.0.0.1:${host!.port}`,
  authorization: `Bearer ${host!.token}`,
  ...extra,
})

async function api<T>(channel: string, input: unknown): Promise<{ status: number; body: T }> {
  const reply = await http(host!.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(input),
  })
  return { status: reply.status, body: reply.json() as T }
}

/** An /events stream of the served library (see openEventStream). */
function openStream(query = '', extra: Record<string, string> = {}) {
  const stream = openEventStream(host!.port, `/events${query}`, headers(extra))
  streams.push(stream.request)
  return stream
}

const changeLines = (seq: number, tables: ChangeTopic[]) => [
  `id: ${seq}`,
  'event: library:changed',
  `data: ${JSON.stringify({ tables, topics: topicsOf(tables), seq })}`,
]

describe('change events with a sequence', () => {
  it('send a client that reconnects with an old sequence every change it missed, in order, then the live ones', async () => {
    const { lib } = await served()
    const { body: cursor } = await api<{ data: { seq: number } }>('events:cursor', {})
    const start = cursor.data.seq
    // Three changes while the client is away, each sent on its own.
    await api('library:rename', { name: 'First' })
    lib.changes.flush()
    const { body: made } = await api<{ data: { collection: { id: number } } }>('collections:create', { name: 'Trips' })
    lib.changes.flush()
    await api('collections:rename', { id: made.data.collection.id, name: 'Travels' })
    lib.changes.flush()

    const caughtUp = openStream(`?since=${start}`)
    await caughtUp.until((text) => text.includes(`id: ${start + 3}\n`))
    expect(caughtUp.events()).toEqual([
      changeLines(start + 1, ['library_meta']),
      changeLines(start + 2, ['collections']),
      changeLines(start + 3, ['collections']),
    ])

    // The browser's own reconnect says the last id it saw (Last-Event-ID wins over the URL's since).
    const reconnected = openStream(`?since=${start}`, { 'last-event-id': String(start + 2) })
    await reconnected.until((text) => text.includes(`id: ${start + 3}\n`))
    await api('library:rename', { name: 'Second' })
    await reconnected.until((text) => text.includes(`id: ${start + 4}\n`))
    expect(reconnected.events()).toEqual([
      changeLines(start + 3, ['collections']),
      changeLines(start + 4, ['library_meta']),
    ])
  })

  it('tell a client to reload when the log no longer holds what it missed, or never held it', async () => {
    const { lib } = await served()
    for (let change = 1; change <= CHANGES_KEPT + 2; change++) {
      await lib.catalog.repos.meta.set('name', `Name ${change}`)
      lib.changes.flush()
    }
    const newest = CHANGES_KEPT + 2
    expect((await api<{ data: unknown }>('events:cursor', {})).body.data).toEqual({ seq: newest })

    // Changes 1 and 2 were pruned: a client at 0 missed them; one at 1 missed change 2; one at 2 is in time.
    for (const since of [0, 1]) {
      const behind = openStream(`?since=${since}`)
      await behind.until((text) => text.includes('event: events:reload'))
      expect(behind.events()[0]).toEqual(['event: events:reload', `data: {"seq":${newest}}`])
      expect(await api('events:since', { since })).toEqual({
        status: 200,
        body: { ok: true, data: { changes: [], missed: true } },
      })
    }
    const inTime = await api<{ data: { changes: { seq: number }[]; missed: boolean } }>('events:since', { since: 2 })
    expect(inTime.body.data.missed).toBe(false)
    expect(inTime.body.data.changes.map((change) => change.seq)).toEqual(
      Array.from({ length: CHANGES_KEPT }, (_, i) => i + 3),
    )
    // A sequence this library never reached (a client of another library).
    const ahead = openStream(`?since=${newest + 10}`)
    await ahead.until((text) => text.includes('event: events:reload'))
    expect(ahead.events()[0]).toEqual(['event: events:reload', `data: {"seq":${newest}}`])
  })

  it('send a client a change another process committed (a CLI import while the web host runs)', async () => {
    const { dir } = await served()
    const { body: cursor } = await api<{ data: { seq: number } }>('events:cursor', {})
    const stream = openStream(`?since=${cursor.data.seq}`)
    const source = path.join(tempDir(), 'clip.mp4')
    copyFileSync(fx.mp4, source)
    const run = await cli(['import', '--library', dir, '--no-thumbnails', source])
    expect(run.code).toBe(0)
    await stream.until((text) => text.includes('"videos"'))
    const changes = stream.events().map((lines) => LibraryChanged.parse(JSON.parse(lines[2]!.slice('data: '.length))))
    // The import's assets as one change, at its end, with the next sequence of the shared log.
    const imported = changes.find((change) => change.tables.includes('videos'))!
    expect(imported.tables).toEqual(expect.arrayContaining(['videos', 'videos_fts', 'import_items']))
    expect(imported.seq).toBeGreaterThan(cursor.data.seq)
    expect(changes.filter((change) => change.tables.includes('import_items'))).toHaveLength(1)
  }, 60_000)

  it('skip a look for other processes’ changes while a read holds the connection, and look again after it', async () => {
    const dir = tempDir()
    const lib = testLibrary(dir, { changeTiming: { pollMs: 20 } })
    const heard: unknown[] = []
    lib.events.subscribe((event) => heard.push(event.payload))
    // A statement read across turns keeps the connection busy: every poll meanwhile finds it so.
    const rows = lib.sqlite.db.prepare<[string], { value: number }>('SELECT value FROM json_each(?)').iterate('[1, 2]')
    rows.next()
    await new Promise((resolve) => setTimeout(resolve, 100))
    rows.return?.()
    const other = testLibrary(dir)
    await call(other, 'collections:create', { name: 'from the other process' })
    await other.close()
    await expect
      .poll(() => heard, { timeout: 5_000, interval: 20 })
      .toContainEqual(expect.objectContaining({ tables: expect.arrayContaining(['collections']) }))
    await lib.close()
  })

  it('refuse a sequence that is not one, and a topic that is not a table', async () => {
    await served()
    expect((await api('events:since', { since: -1 })).body).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect((await api('events:since', { since: '3' })).body).toMatchObject({ ok: false, error: { code: 'validation' } })
    const reply = await http(host!.port, { path: '/events?since=3x', headers: headers() })
    expect(reply.status).toBe(400)
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(LibraryChanged.safeParse({ tables: ['videoz'], topics: [], seq: 1 }).success).toBe(false)
    expect(LibraryChanged.safeParse({ tables: ['videos'], topics: ['asset'], seq: 1 }).success).toBe(false)
    expect(LibraryChanged.safeParse({ tables: ['videos'], topics: ['assets'], seq: 1 }).success).toBe(true)
    // @ts-expect-error a table name the contract does not know fails the typecheck too
    const typo: ChangeTopic = 'videoz'
    expect(typo).toBe('videoz')
  })
})
