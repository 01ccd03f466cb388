import type { ClientRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { Library } from '../../main/services/library-context'
import type { LibraryChanged } from '../../shared/contract'
import { librarySource } from '../../main/app/library-session'
import { addPerson, startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { librariesOfBothEngines } from '../helpers/both-engines'
import { openEventStream } from '../helpers/event-stream'
import { postChannel } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'

// Issue 64 point 3: access ends when it is taken away. A removed person's or a revoked token's open event stream
// says why and closes; a lowered role narrows what the stream carries; nothing after the change reaches them.
const { libraries } = librariesOfBothEngines()
let host: WebHost | undefined
const streams: ClientRequest[] = []
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.destroy()
  await host?.close()
  host = undefined
})

async function served(lib: Library) {
  await lib.catalog.repos.meta.set('name', 'Studio Reel')
  const admin = (await startToken(lib)).token
  const vera = await addPerson(lib, { name: 'Vera', role: 'viewer' }, 'admin')
  const eddie = await addPerson(lib, { name: 'Eddie', role: 'editor' }, 'admin')
  const ada = await addPerson(lib, { name: 'Ada', role: 'admin' }, 'admin')
  // What the setup changed may reach a stream opened next: a feed gathers a burst of changes and sends it late.
  const setupSeq = await lib.changes.cursor()
  host = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0, access: peopleAccess(librarySource(lib)) })
  const port = host.port
  const headersOf = (token: string) => ({ host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` })
  return {
    setupSeq,
    admin,
    vera,
    eddie,
    ada,
    call: async (token: string, channel: string, input: unknown) => {
      const reply = await postChannel(port, token, channel, input)
      return { status: reply.status, body: reply.json() as { ok: boolean; data?: unknown; error?: unknown } }
    },
    /** A person's open /events stream, heard from its first live event on. */
    stream: async (token: string) => {
      const stream = openEventStream(port, '/events', headersOf(token))
      streams.push(stream.request)
      await stream.until((text) => text.startsWith(': connected'))
      return stream
    },
  }
}

const names = (stream: { events(): string[][] }, after = 0) =>
  stream
    .events()
    .filter((lines) => !lines.includes('event: library:changed') || changeOf(lines).seq > after)
    .map((lines) => lines.find((line) => line.startsWith('event: '))!.slice('event: '.length))
const changeOf = (lines: string[]) =>
  JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice('data: '.length)) as LibraryChanged
const changesOf = (stream: { events(): string[][] }) =>
  stream
    .events()
    .filter((lines) => lines.includes('event: library:changed'))
    .map(changeOf)
const tablesOf = (stream: { events(): string[][] }) => changesOf(stream).map((change) => change.tables)

describe.each(Object.entries(libraries))('access that ends, on %s', (_engine, open) => {
  it('ends a removed person’s open stream with who removed them, and sends them nothing after', async () => {
    const hub = await served(await open())
    const veraStream = await hub.stream(hub.vera.token)
    const eddieStream = await hub.stream(hub.eddie.token)
    expect((await hub.call(hub.ada.token, 'people:remove', { id: hub.vera.person.id })).status).toBe(200)
    await veraStream.ended
    const last = veraStream.events().at(-1)!
    expect(last[0]).toBe('event: access:ended')
    expect(JSON.parse(last[1]!.slice('data: '.length))).toEqual({
      library: 'Studio Reel',
      reason: 'removed',
      by: 'Ada',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(names(veraStream, hub.setupSeq)).toEqual(['access:ended'])

    // A change after the removal reaches those who still read, and not her; her calls are refused with why.
    expect((await hub.call(hub.eddie.token, 'collections:create', { name: 'Picks' })).status).toBe(200)
    await eddieStream.until((text) => text.includes('"collections"'))
    expect(tablesOf(eddieStream).flat()).toEqual(expect.arrayContaining(['people', 'collections']))
    expect(names(veraStream, hub.setupSeq)).toEqual(['access:ended'])
    const refused = await hub.call(hub.vera.token, 'media:list', {})
    expect(refused.status).toBe(401)
    expect(refused.body.error).toMatchObject({
      code: 'unauthorized',
      details: { ended: { reason: 'removed', by: 'Ada' } },
    })
  })

  it('ends the stream of a revoked token alone; the person’s other token reads on', async () => {
    const hub = await served(await open())
    const second = (await hub.call(hub.ada.token, 'people:issue-token', { id: hub.eddie.person.id, label: 'laptop' }))
      .body.data as { token: string }
    const laptop = await hub.stream(second.token)
    const desk = await hub.stream(hub.eddie.token)
    const { tokens } = (await hub.call(hub.ada.token, 'people:tokens', { id: hub.eddie.person.id })).body.data as {
      tokens: { id: number; label: string }[]
    }
    const tokenId = tokens.find((token) => token.label === 'laptop')!.id
    await hub.call(hub.ada.token, 'people:revoke-token', { id: hub.eddie.person.id, tokenId })
    await laptop.ended
    expect(laptop.events().at(-1)![1]).toContain('"reason":"revoked","by":"Ada"')
    await hub.call(hub.eddie.token, 'collections:create', { name: 'Desk' })
    await desk.until((text) => text.includes('"collections"'))
    expect(names(desk)).not.toContain('access:ended')
  })

  it('narrows a stream at once when its reader’s role is lowered: an admin’s backup progress, then no more', async () => {
    const lib = await open()
    const hub = await served(lib)
    const adaStream = await hub.stream(hub.ada.token)
    const veraStream = await hub.stream(hub.vera.token)
    const progress = { name: 'b1', pagesDone: 1, pagesTotal: 2, done: false }
    lib.events.emit('library:backup-progress', progress)
    await adaStream.until((text) => text.includes('backup-progress'))

    // The set-role's own change, not one the setup logged and a feed that gathers a burst of changes sends late.
    const before = await lib.changes.cursor()
    await hub.call(hub.admin, 'people:set-role', { id: hub.ada.person.id, role: 'viewer' })
    await adaStream.until(() =>
      changesOf(adaStream).some(({ seq, tables }) => seq > before && tables.includes('people')),
    )
    lib.events.emit('library:backup-progress', { ...progress, pagesDone: 2, done: true })
    await hub.call(hub.admin, 'collections:create', { name: 'After' })
    await adaStream.until((text) => text.includes('"collections"'))
    await veraStream.until((text) => text.includes('"collections"'))
    expect(names(adaStream).filter((name) => name === 'library:backup-progress')).toHaveLength(1)
    expect(names(veraStream)).not.toContain('library:backup-progress')
    expect(names(adaStream)).not.toContain('access:ended')
  })
})
