import type { WorkerSetup } from './worker-setup'
import { answeredWithin } from './answered-within'

/** A worker's hold on the hub's catalogue: its library there, and a way to tell the connection still works. */
export interface CatalogueSession {
  /** Resolves while the catalogue answers; rejects with why not. */
  probe(): Promise<void>
  /** Hands back what it holds, as far as the catalogue still answers, and lets it go. */
  close(): Promise<void>
}

/** Why a worker stops on its own: the hub refused it for good (its token, another Framevault version). */
export class WorkerRefused extends Error {}

/** How a worker's session is kept: how to ask the hub for its setup, how to open a session from one, what to say. */
export interface KeptSession {
  ask(): Promise<WorkerSetup>
  open(setup: WorkerSetup): Promise<CatalogueSession>
  say(line: string): void
  /** How often the catalogue is probed, and a failed reconnect tried again. */
  everyMs?: number
}

// How long a session that lost its catalogue may take to let go before the next one opens anyway.
const CLOSE_WAIT_MS = 10_000
const EVERY_MS = 2_000
// A probe with no answer for this long counts as failed (a server gone without a word, its packets dropped).
const PROBE_WAIT_MS = 30_000

/**
 * Keeps a worker's session on the hub's catalogue (issue 61 point 4): probed every few seconds, and, once it fails
 * (the hub restarted its PostgreSQL, or changed the workers' credential), let go and opened again from the setup the
 * hub hands out now, asked for again until it is. Says in words what happened and, while it cannot reconnect, why.
 * `gaveUp` resolves with the reason when the hub refuses this worker for good (WorkerRefused).
 */
export function keepSession(first: CatalogueSession, how: KeptSession) {
  const every = how.everyMs ?? EVERY_MS
  let session: CatalogueSession | null = first
  let stopped = false
  let wake: (() => void) | undefined
  let finish!: (reason: string) => void
  const gaveUp = new Promise<string>((resolve) => (finish = resolve))

  // A timer that keeps the process alive: between sessions nothing else does.
  const pause = (ms = every) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const reconnect = async (why: string) => {
    how.say(`The hub's catalogue is out of reach (${why}): asking the hub for its setup again.`)
    const closing = session?.close().catch(() => {}) ?? Promise.resolve()
    session = null
    await answeredWithin(closing, CLOSE_WAIT_MS)
    let told = ''
    while (!stopped) {
      try {
        const next = await how.open(await how.ask())
        if (stopped) return void (await next.close())
        session = next
        return how.say("Reconnected to the hub's catalogue.")
      } catch (error) {
        if (error instanceof WorkerRefused) {
          stopped = true
          return finish(error.message)
        }
        const words = `Cannot reconnect yet: ${(error as Error).message}; trying again every ${every / 1000} s.`
        if (words !== told) how.say((told = words))
      }
      await pause()
    }
  }

  const loop = (async () => {
    while (!stopped) {
      await pause()
      if (stopped || !session) continue
      const why = await answeredWithin(session.probe(), PROBE_WAIT_MS).then(
        (answer) => (answer ? null : `no answer in ${PROBE_WAIT_MS / 1000} s`),
        (error: Error) => error.message,
      )
      if (why !== null && !stopped) await reconnect(why)
    }
  })()

  return {
    gaveUp,
    /** Probes now rather than at the next beat (the pool reported a lost connection). */
    probeNow(): void {
      wake?.()
    },
    /** Stops keeping it and closes the session it has. */
    async stop(): Promise<void> {
      stopped = true
      wake?.()
      await loop
      await session?.close()
      session = null
    },
  }
}
