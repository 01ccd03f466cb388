import { readFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { startEmbeddedPostgres } from '../../main/db/postgres/embedded-postgres'
import { pidIsAlive } from '../../main/jobs/process-owner'
import { openEventStream } from '../helpers/event-stream'
import { fakeRenderer, startHostCli, type StartedHost } from '../helpers/host-cli'
import { postChannel, type HttpReply } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 3: a hub whose catalogue goes away answers 503 in words meanwhile, says so on its event streams,
// and serves again by itself once the catalogue is back: its own PostgreSQL killed, or a server it does not own.
const BACK_WITHIN_MS = 30_000

const startHub = (args: string[]) =>
  startHostCli('main/hub/hub-cli.ts', ['--port', '0', '--workers', '0', '--renderer', fakeRenderer(), ...args])

/** A call any admin may make that reads the catalogue. */
const call = (hub: StartedHost) => postChannel(hub.port, hub.token, 'tags:list', {})

/** The pid of the postmaster serving a data folder, as its postmaster.pid says. */
const postmasterOf = (dataDir: string) =>
  Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])

/** Calls until one is answered with a status `done` accepts (up to 30 s); every reply seen, the last one last. */
async function callUntil(hub: StartedHost, done: (status: number) => boolean): Promise<HttpReply[]> {
  const replies: HttpReply[] = []
  const end = Date.now() + BACK_WITHIN_MS
  for (;;) {
    const reply = await call(hub)
    replies.push(reply)
    if (done(reply.status)) return replies
    if (Date.now() > end) throw new Error(`no such answer within 30 s; the last: ${reply.status} ${reply.text}`)
    await sleep(100)
  }
}

/** The `catalogue:status` events a stream has sent so far. */
function statusEvents(stream: ReturnType<typeof openEventStream>): Array<{ available: boolean; message: string }> {
  return stream
    .events()
    .filter((lines) => lines.includes('event: catalogue:status'))
    .map((lines) => JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice('data: '.length)))
}

function openStream(hub: StartedHost) {
  return openEventStream(hub.port, '/events', {
    host: `127.0.0.1:${hub.port}`,
    authorization: `Bearer ${hub.token}`,
  })
}

/** What every reply while the catalogue is away must be: a 503 in words, never the driver's error as a 500. */
function expectAwayInWords(replies: HttpReply[], words: RegExp): void {
  const away = replies.filter((reply) => reply.status !== 200)
  expect(away.length).toBeGreaterThan(0)
  for (const reply of away) {
    expect(reply.status).toBe(503)
    const { error } = reply.json() as { error: { code: string; message: string } }
    expect(error.code).toBe('unavailable')
    expect(error.message).toMatch(/^The team library's catalogue /)
    expect(error.message).not.toMatch(/ECONN|connect|terminat/i)
  }
  const { error } = away.at(-1)!.json() as { error: { message: string } }
  expect(error.message).toMatch(words)
}

describe("a hub's embedded PostgreSQL killed", () => {
  it('answers 503 in words, says so on its event stream, and serves again by itself', async () => {
    const data = tempDir()
    const hub = await startHub(['--data', data])
    expect((await call(hub)).status).toBe(200)
    const stream = openStream(hub)
    await stream.until((text) => text.includes(': connected'))

    const killed = postmasterOf(path.join(data, 'postgres'))
    process.kill(killed, 'SIGKILL')
    const away = await callUntil(hub, (status) => status !== 200)
    const back = await callUntil(hub, (status) => status === 200)
    expectAwayInWords([...away, ...back], /restarting; try again in a moment/)

    // The hub started it again itself: another postmaster on the same data, and the hub's own process the same.
    const again = postmasterOf(path.join(data, 'postgres'))
    expect(again).not.toBe(killed)
    expect(pidIsAlive(again)).toBe(true)
    expect(hub.child.exitCode).toBeNull()
    // Writes go through too, and the stream said the catalogue went and came back, in that order.
    const renamed = await postChannel(hub.port, hub.token, 'library:rename', { name: 'After the restart' })
    expect(renamed.json()).toMatchObject({ ok: true, data: { name: 'After the restart' } })
    await stream.until(() => statusEvents(stream).some((status) => status.available))
    const statuses = statusEvents(stream)
    expect(statuses[0]).toMatchObject({ available: false })
    expect(statuses.find((status) => !status.available && /restarting/.test(status.message))).toBeDefined()
    expect(statuses.at(-1)).toEqual({ available: true, message: "The team library's catalogue is back." })
    stream.request.destroy()
  }, 90_000)
})

describe('a hub on a PostgreSQL it does not own (--database)', () => {
  it('says the catalogue cannot be reached while the server is down, and serves again once it is back', async () => {
    const server = await startEmbeddedPostgres({ dir: tempDir() })
    try {
      const hub = await startHub(['--data', tempDir(), '--database', server.url])
      expect((await call(hub)).status).toBe(200)
      const stream = openStream(hub)
      await stream.until((text) => text.includes(': connected'))

      await server.stop()
      const away = await callUntil(hub, (status) => status !== 200)
      await stream.until(() => statusEvents(stream).some((status) => !status.available))
      await server.restart()
      const back = await callUntil(hub, (status) => status === 200)
      expectAwayInWords([...away, ...back], /cannot be reached just now; try again in a moment/)
      await stream.until(() => statusEvents(stream).some((status) => status.available))
      expect(statusEvents(stream).map((status) => status.available)).toEqual([false, true])
      stream.request.destroy()
    } finally {
      await server.stop()
    }
  }, 90_000)
})
