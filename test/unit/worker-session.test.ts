import { describe, expect, it } from 'vitest'
import { keepSession, WorkerRefused, type CatalogueSession } from '../../main/hub/worker-session'
import type { WorkerSetup } from '../../main/hub/worker-setup'

const SETUP: WorkerSetup = { database: 'postgres://w@127.0.0.1:1/f', store: null, folder: '/x', schema: 1, queued: [] }

/** A session whose catalogue answers while `up` says so; it notes when it was closed. */
function session(name: string, up: { now: boolean }, closed: string[]): CatalogueSession {
  return {
    probe: async () => {
      if (!up.now) throw new Error(`${name} is gone`)
    },
    close: async () => void closed.push(name),
  }
}

async function until(holds: () => boolean): Promise<void> {
  const end = Date.now() + 5_000
  while (!holds()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe("a worker's session on the hub's catalogue", () => {
  it('once its catalogue fails, lets it go, asks the hub until it answers and opens the next; says so in words', async () => {
    const first = { now: true }
    const closed: string[] = []
    const said: string[] = []
    let asks = 0
    const opened: string[] = []
    const kept = keepSession(session('first', first, closed), {
      everyMs: 10,
      say: (line) => said.push(line),
      ask: async () => {
        if (++asks < 3) throw new Error('no hub answers at http://hub')
        return SETUP
      },
      open: async (setup) => {
        opened.push(setup.database)
        return session('second', { now: true }, closed)
      },
    })
    first.now = false
    await until(() => opened.length === 1)
    expect(closed).toEqual(['first'])
    expect(said).toEqual([
      "The hub's catalogue is out of reach (first is gone): asking the hub for its setup again.",
      // Said once, not at every try.
      'Cannot reconnect yet: no hub answers at http://hub; trying again every 0.01 s.',
      "Reconnected to the hub's catalogue.",
    ])
    await kept.stop()
    expect(closed).toEqual(['first', 'second'])
  })

  it('gives up in words when the hub refuses it for good', async () => {
    const up = { now: true }
    const kept = keepSession(session('first', up, []), {
      everyMs: 10,
      say: () => {},
      ask: async () => {
        throw new WorkerRefused('the hub at http://hub refused: the token was revoked')
      },
      open: async () => session('never', up, []),
    })
    up.now = false
    expect(await kept.gaveUp).toBe('the hub at http://hub refused: the token was revoked')
    await kept.stop()
  })
})
