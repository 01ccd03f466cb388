import { setTimeout as sleep } from 'node:timers/promises'
import type { CatalogueStatus } from '../../shared/contract'
import { CATALOGUE_UNREACHABLE } from '../db/postgres/catalogue-unavailable'
import { answeredWithin } from './answered-within'

/** Why a hub's catalogue does not serve: its own server being started again, or a server it does not own gone. */
type Away = 'restarting' | 'unreachable'

const WORDS: Record<Away, string> = {
  restarting: "The team library's catalogue is restarting; try again in a moment.",
  unreachable: CATALOGUE_UNREACHABLE,
}

/** How health asks; tests shorten it. */
export interface HealthTiming {
  /** Between two asks while the catalogue is away. */
  intervalMs: number
  /** An ask that takes longer counts as no answer (a server that drops packets rather than refusing). */
  timeoutMs: number
}

/**
 * Whether a hub's catalogue serves now (issue 61 point 3). It is asked (`ask`, a trivial statement) when a
 * connection to it failed, and then every second until it answers: meanwhile calls are answered 503 in words, and
 * those who `follow` it (the event streams) hear it go and come back. Only an answer ends an outage: no state of a
 * dead server is kept beyond it (the pool makes new connections at the next statement).
 */
export function catalogueHealth(
  ask: () => Promise<unknown>,
  {
    where,
    timing = {},
    log = console.error,
  }: { where: string; timing?: Partial<HealthTiming>; log?: (line: string) => void },
) {
  const { intervalMs, timeoutMs } = { intervalMs: 1_000, timeoutMs: 5_000, ...timing }
  let away: Away | null = null
  let asking = false
  let closed = false
  const listeners = new Set<(status: CatalogueStatus) => void>()

  const become = (next: Away | null) => {
    if (next === away) return
    const was = away
    away = next
    if (next === 'unreachable') {
      log(`framevault: the catalogue (${where}) does not answer; calls are answered 503 until it does.`)
    } else if (next === null)
      log(`framevault: the catalogue answers again${was === 'restarting' ? ' (restarted)' : ''}.`)
    const status: CatalogueStatus =
      next === null
        ? { available: true, message: "The team library's catalogue is back." }
        : { available: false, message: WORDS[next] }
    for (const listener of [...listeners]) listener(status)
  }
  const answers = () => answeredWithin(ask(), timeoutMs).catch(() => false)

  // Asks until it answers; one asker at a time.
  const check = async (): Promise<void> => {
    if (asking || closed) return
    asking = true
    try {
      while (!closed) {
        if (await answers()) return become(null)
        if (closed) return
        if (away === null) become('unreachable')
        await sleep(intervalMs, undefined, { ref: false })
      }
    } finally {
      asking = false
    }
  }

  return {
    /** The words a call is refused with now (503); null while the catalogue serves. */
    awayWords: (): string | null => (away === null ? null : WORDS[away]),
    /** A connection failed: the catalogue is asked now, and said away when it does not answer. */
    suspect(): void {
      void check()
    },
    /** Its server is being started again (the watchdog): away until it answers. */
    restarting(): void {
      become('restarting')
      void check()
    },
    /** Follows the catalogue going away and coming back; returns the unfollow. */
    follow(listener: (status: CatalogueStatus) => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    /** Stops asking (the hub closes). */
    close(): void {
      closed = true
      listeners.clear()
    },
  }
}
export type CatalogueHealth = ReturnType<typeof catalogueHealth>
