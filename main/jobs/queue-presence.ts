import type { JobKind, QueueWorker } from '../../shared/contract'
import type { LeaseOwner } from './job-lease'
import type { JobSignal } from './job-signals'

type PresentSignal = Extract<JobSignal, { type: 'present' }>

// A runner tells how busy it is at most this often: one of short jobs changes at every claim and end (each told is a
// statement, heard and read by every process); the last change goes out when the time is up.
const TELL_EVERY_MS = 250

/** What a runner of a shared queue is, for its presence: who, what it claims and how much it runs. */
export interface PresenceOf {
  owner: LeaseOwner
  claims: readonly JobKind[]
  concurrency: number
  /** How often it tells it is there (its beat). */
  everyMs: number
  running(): number
  send(signal: JobSignal): void
}

/**
 * The runners claiming from a shared queue as this one hears of them (each tells it is there at every beat, and
 * that it has gone when it closes; one not heard of for three of its beats is gone), itself among them when it
 * claims.
 */
export function queuePresence(self: PresenceOf) {
  const heardOf = new Map<string, { worker: QueueWorker; until: number }>()
  const claims = self.claims.length > 0
  // This runner as it tells the others; they note when they heard it.
  const described = () => ({
    id: self.owner.id,
    host: self.owner.host,
    pid: self.owner.pid,
    kinds: [...self.claims],
    concurrency: self.concurrency,
    running: self.running(),
  })
  const itself = (): QueueWorker => ({ ...described(), seenAt: new Date().toISOString() })
  let toldAt = -Infinity
  let later: NodeJS.Timeout | undefined
  const tellNow = () => {
    later = undefined
    toldAt = Date.now()
    self.send({ type: 'present', worker: described(), everyMs: self.everyMs })
  }
  return {
    /**
     * Tells the other runners this one is there and how busy (a runner that claims nothing says nothing): now, or
     * once TELL_EVERY_MS have passed since it last told.
     */
    tell(): void {
      if (!claims || later) return
      const wait = toldAt + TELL_EVERY_MS - Date.now()
      if (wait <= 0) return tellNow()
      later = setTimeout(tellNow, wait)
      later.unref()
    },
    /** Tells the other runners this one has gone. */
    leave(): void {
      clearTimeout(later)
      later = undefined
      if (claims) self.send({ type: 'gone', from: self.owner.id })
    },
    heardPresent({ worker, everyMs }: PresentSignal): void {
      if (worker.id === self.owner.id) return
      const seen = { ...worker, seenAt: new Date().toISOString() }
      heardOf.set(worker.id, { worker: seen, until: Date.now() + 3 * everyMs })
    },
    heardGone(id: string): void {
      heardOf.delete(id)
    },
    /** The runners claiming now: this one first when it claims, then the others heard of lately. */
    workers(): QueueWorker[] {
      const at = Date.now()
      const others = [...heardOf.values()].filter((one) => one.until > at).map((one) => one.worker)
      return claims ? [itself(), ...others] : others
    },
  }
}
