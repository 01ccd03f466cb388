import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { EventMessage, LibraryChanged } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import type { ChangesSince } from '../../main/db/change-log'
import { streamEvents } from '../../main/web/event-stream'
import { CatalogueUnavailable } from '../../main/db/postgres/catalogue-unavailable'

/** A response that keeps what was written to it. */
function recordingResponse() {
  const written: string[] = []
  const res = Object.assign(new EventEmitter(), {
    writeHead: () => res,
    write: (chunk: string) => written.push(chunk) > 0,
  })
  return { res: res as unknown as ServerResponse, written, close: () => res.emit('close') }
}

/** The library:changed sequences and reloads a client read, in order. */
const received = (written: string[]) =>
  written.flatMap((chunk) => {
    const name = /^(?:id: \d+\n)?event: (\S+)\ndata: (.*)\n\n$/.exec(chunk)
    if (!name) return []
    const payload = JSON.parse(name[2]!) as { seq: number }
    return [`${name[1] === 'library:changed' ? 'change' : name[1]} ${payload.seq}`]
  })

const change = (seq: number): LibraryChanged => ({ seq, tables: ['videos'], topics: ['assets'] })

/** A library whose change log answers after `answer` is called (as a hub's PostgreSQL log does), and its bus. */
function slowLog(log: ChangesSince, cursor = 0) {
  const listeners = new Set<(event: EventMessage) => void>()
  let answer = () => {}
  const answered = new Promise<void>((resolve) => (answer = resolve))
  const changes = {
    since: async () => (await answered, log),
    cursor: async () => cursor,
  }
  const source = {
    current: { changes } as unknown as Library,
    subscribe(listener: (event: EventMessage) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const emit = (event: EventMessage) => listeners.forEach((listener) => listener(event))
  return { source, emit, answer }
}

describe('the event stream with a log read asynchronously', () => {
  it('holds live changes until the catch-up is sent, and sends each change once, in order', async () => {
    const { source, emit, answer } = slowLog({ changes: [change(4), change(5)], missed: false })
    const { res, written, close } = recordingResponse()
    streamEvents(source, res, 3)
    // Committed and sent live while the log is read: 5 is in the catch-up too, 6 is not.
    emit({ name: 'library:changed', payload: change(5) })
    emit({ name: 'library:changed', payload: change(6) })
    emit({ name: 'media:thumbnails', payload: { id: 'a', poster: true, sprite: true, error: null } })
    expect(received(written)).toEqual([])
    answer()
    await new Promise((resolve) => setImmediate(resolve))
    expect(received(written)).toEqual(['change 4', 'change 5', 'change 6', 'media:thumbnails undefined'])
    emit({ name: 'library:changed', payload: change(7) })
    expect(received(written).at(-1)).toBe('change 7')
    close()
    emit({ name: 'library:changed', payload: change(8) })
    expect(received(written).at(-1)).toBe('change 7')
  })

  it('tells a client the log lost what it missed to reload from the newest change', async () => {
    const { source, answer } = slowLog({ changes: [], missed: true }, 1_200)
    const { res, written, close } = recordingResponse()
    streamEvents(source, res, 3)
    answer()
    await new Promise((resolve) => setImmediate(resolve))
    expect(received(written)).toEqual(['events:reload 1200'])
    close()
  })

  it('says the catalogue is away and ends when the catch-up cannot reach it, rather than making the client reload', async () => {
    const refused = new CatalogueUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    const { source } = slowLog({ changes: [], missed: false })
    source.current = { changes: { since: () => Promise.reject(refused), cursor: async () => 0 } } as unknown as Library
    const { res, written } = recordingResponse()
    let ended = false
    Object.assign(res, { end: () => void (ended = true) })
    streamEvents(source, res, 3)
    await new Promise((resolve) => setImmediate(resolve))
    expect(written.at(-1)).toBe(
      `event: catalogue:status\ndata: ${JSON.stringify({ available: false, message: refused.message })}\n\n`,
    )
    expect(written.some((chunk) => chunk.includes('events:reload'))).toBe(false)
    expect(ended).toBe(true)
  })
})
