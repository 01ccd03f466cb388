import { AsyncLocalStorage } from 'node:async_hooks'
import type { Database } from 'better-sqlite3'
import { ChangeTopic } from '../../shared/contract'
import type { EventBus } from '../library/event-bus'
import { createChangeLog, type ChangesSince } from './change-log'
import { trackChanges } from './change-tracking'

/** How the feed paces itself; tests shorten both. */
export interface ChangeFeedTiming {
  /** The least time between two changes this process sends: a burst of writes goes out as one change per gap. */
  gapMs: number
  /** How often the database is asked whether another process committed, while anyone listens. */
  pollMs: number
}

const DEFAULT_TIMING: ChangeFeedTiming = { gapMs: 250, pollMs: 500 }

// A scope whose changes go out together when it ends (see `batch`).
interface Batch {
  open: boolean
  topics: Set<ChangeTopic>
  parent: Batch | undefined
}

/**
 * The library's `library:changed` events, made by the write layer: the statements of `db` report the
 * topics they changed (change-tracking.ts); what changed is coalesced, logged with the next sequence
 * of the library's change log and sent on `bus`. Changes other processes logged are sent too, in
 * sequence order, found by polling `data_version` while the bus has listeners. Install it before any
 * statement of `db` is prepared.
 */
export function createChangeFeed(db: Database, bus: EventBus, timing: Partial<ChangeFeedTiming> = {}) {
  const { gapMs, pollMs } = { ...DEFAULT_TIMING, ...timing }
  const log = createChangeLog(db)
  const scope = new AsyncLocalStorage<Batch>()
  const pending = new Set<ChangeTopic>()
  let sent = log.newest()
  let dataVersion = log.dataVersion()
  let lastFlush = 0
  let timer: NodeJS.Timeout | undefined

  // Sends every logged change this process has not sent yet, its own and other processes', in order.
  const drain = () => {
    for (const change of log.after(sent)) {
      sent = change.seq
      bus.emit('library:changed', change)
    }
  }
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    // A database closed under the feed (a host that crashed in a test, a close racing a timer): nothing to send.
    if (pending.size === 0 || !db.open) return
    const tables = ChangeTopic.options.filter((topic) => pending.has(topic))
    pending.clear()
    log.append(tables, new Date().toISOString())
    lastFlush = Date.now()
    drain()
  }
  const schedule = () => {
    // After the statement's transaction (a timer never runs inside one), and a gap after the last change sent.
    timer ??= setTimeout(flush, Math.max(0, lastFlush + gapMs - Date.now()))
  }
  const mark = (topics: Iterable<ChangeTopic>, batch: Batch | undefined) => {
    // A batch that has ended (its awaited work is done, a late write of it is not): its enclosing one takes the change.
    while (batch && !batch.open) batch = batch.parent
    for (const topic of topics) (batch?.topics ?? pending).add(topic)
    if (!batch && pending.size > 0) schedule()
  }
  trackChanges(db, (topics) => mark(topics, scope.getStore()))

  // The connection is busy while a statement is read across turns (an open iterator): that poll is skipped, not
  // thrown from a timer, which would end the process.
  const versionNow = (): number | null => {
    try {
      return log.dataVersion()
    } catch {
      return null
    }
  }

  const poll = setInterval(() => {
    if (bus.listenerCount() === 0) return
    if (!db.open) return clearInterval(poll)
    const version = versionNow()
    if (version === null || version === dataVersion) return
    dataVersion = version
    drain()
  }, pollMs)
  // Polling alone must not keep a process (the CLI) alive.
  poll.unref()

  return {
    /** The newest sequence of the library's change log: a client's starting point. */
    cursor: (): number => log.newest(),
    /** The changes after `since`, oldest first, or `missed` when the log no longer holds them all. */
    since: (since: number): ChangesSince => log.since(since),
    /**
     * Runs `work`; what its writes (through every await) change goes out as one change when it ends,
     * not as it happens: an import's assets reload the views once, at its end.
     */
    async batch<T>(work: () => Promise<T>): Promise<T> {
      const batch: Batch = { open: true, topics: new Set(), parent: scope.getStore() }
      try {
        return await scope.run(batch, work)
      } finally {
        batch.open = false
        mark(batch.topics, batch.parent)
        // The end of a long operation is news at once, before its job's end is told, not after the gap.
        if (!batch.parent) flush()
      }
    },
    /** Logs and sends what changed and is not sent yet now, not after the gap (a batch still running keeps its own). */
    flush,
    /** Sends what is pending and stops polling; the database is closed after it. */
    close(): void {
      clearInterval(poll)
      flush()
    },
  }
}
export type ChangeFeed = ReturnType<typeof createChangeFeed>
