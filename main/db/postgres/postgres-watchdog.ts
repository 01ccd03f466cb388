import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EmbeddedServer } from './embedded-postgres'

/** How the watchdog paces its tries; tests shorten it. */
export interface WatchdogTiming {
  /** Before the first try to start the server again (its backends are still going away), doubling per failure. */
  retryMs: number
  /** The longest wait between two tries. */
  mostRetryMs: number
}

/** What the watchdog tells of the catalogue it keeps running: going (being started again), and maybe back. */
export interface WatchdogListener {
  /** The server ended unasked; it is being started again. */
  restarting(): void
  /** The server was started again: whether it serves is for the catalogue's health to find out. */
  restarted(): void
}

/**
 * Keeps the embedded PostgreSQL of a hub running (issue 61 point 3): when its process (this process's child) ends
 * unasked (killed, crashed, out of memory: by a signal or with an error code), it is started again on the same data and port, so the pool's URL stays
 * good, tried again with a growing wait while it fails (a pre-existing shared memory block still held by a dying
 * backend, say). Told once when it goes and once when it is back, never once per try. `stop` ends the watch and
 * stops the server, whether it runs or not.
 */
export function watchPostgres(
  server: EmbeddedServer,
  listener: WatchdogListener,
  { timing = {}, log = console.error }: { timing?: Partial<WatchdogTiming>; log?: (line: string) => void } = {},
) {
  const { retryMs, mostRetryMs } = { retryMs: 200, mostRetryMs: 5_000, ...timing }
  let stopping = false
  const stopped = new AbortController()
  let restarting: Promise<void> | null = null

  const ended = (child: ChildProcess) => {
    if (stopping) return
    // A clean shutdown was asked for: by the package's own hook as this process exits on a signal (started again,
    // it would outlive it), or by whoever runs pg_ctl stop. Calls then hear that the catalogue cannot be reached
    // (the health tells it).
    if (child.exitCode === 0) return
    const how = child.signalCode ? `by ${child.signalCode}` : `with code ${child.exitCode}`
    log(`framevault: the catalogue's PostgreSQL (pid ${child.pid}) ended ${how}; starting it again.`)
    listener.restarting()
    restarting = startAgain().finally(() => (restarting = null))
  }
  const follow = (child: ChildProcess | undefined) => {
    if (!child) return
    // One that ended before it was followed (at once after its start) is not missed.
    if (child.exitCode !== null || child.signalCode !== null) return ended(child)
    child.once('exit', () => ended(child))
  }

  const startAgain = async (): Promise<void> => {
    let told = ''
    for (let wait = retryMs; !stopping; wait = Math.min(wait * 2, mostRetryMs)) {
      await sleep(wait, undefined, { signal: stopped.signal }).catch(() => undefined)
      if (stopping) return
      try {
        await server.restart()
      } catch (error) {
        // The package rejects with nothing when the server exits at once; each new reason is told once.
        const why = error instanceof Error ? error.message : 'it exited at once'
        if (why !== told) log(`framevault: the catalogue's PostgreSQL did not start again (${why}); trying again.`)
        told = why
        continue
      }
      if (stopping) return
      log(`framevault: the catalogue's PostgreSQL runs again (pid ${server.child()?.pid}).`)
      follow(server.child())
      return listener.restarted()
    }
  }

  follow(server.child())
  return {
    /** Ends the watch and stops the server (one that is not running is left as it is). */
    async stop(): Promise<void> {
      stopping = true
      stopped.abort()
      await restarting
      const child = server.child()
      // The package waits for an exit that already happened otherwise, forever.
      if (child && child.exitCode === null && child.signalCode === null) await server.stop()
    },
  }
}
