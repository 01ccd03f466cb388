import { AsyncLocalStorage } from 'node:async_hooks'
import type { Database } from 'better-sqlite3'
import { ChangeTopic } from '../../shared/contract'
import type { EventBus } from '../library/event-bus'
import { createChangeLog, type ChangesSince } from './change-log'
import { PENDING_TABLE } from './schema/change-triggers'
import { afterEachStatement } from './sql/sqlite-engine'

/** How the feed paces itself; tests shorten both. */
export interface ChangeFeedTiming {
  /** The least time between two changes this process sends: a burst of writes goes out as one change per gap. */
  gapMs: number
  /** How often the database is asked whether another process committed, while anyone listens. */
  pollMs: number
}

const TOPICS = new Set<string>(ChangeTopic.options)

const DEFAULT_TIMING: ChangeFeedTiming = { gapMs: 250, pollMs: 500 }

// A scope whose changes go out together when it ends (see `batch`).
interface Batch {
  open: boolean
  topics: Set<ChangeTopic>
  parent: Batch | undefined
}

/**
 * The library's `library:changed` events, made by the database: the change triggers generated from the declared
 * schema (main/db/schema/change-triggers.ts, library migration 0590) note each written topic in `change_pending`;
 * this process takes them out after each statement its engine runs (in that statement's async context, so a batch
 * keeps its own) and after statements run on `db` directly (at the next poll or flush). What changed is coalesced,
 * logged with the next sequence of the library's change log and sent on `bus`. Changes other processes logged are
 * sent too, in sequence order, found by polling `data_version` while the bus has listeners.
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
    if (db.open && !db.inTransaction) take()
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
  const taken = pendingTopics(db)
  const take = (othersToo = false) => {
    const topics = taken(othersToo)
    if (topics.length > 0) mark(topics, scope.getStore())
  }
  afterEachStatement(db, () => take())

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
    if (!db.open) return clearInterval(poll)
    // What statements run on the connection itself noted (a sync repo's, a test's): no engine call told of them.
    if (!db.inTransaction) take()
    if (bus.listenerCount() === 0) return
    const version = versionNow()
    if (version === null || version === dataVersion) return
    dataVersion = version
    // Another program's writes (the original media manager's Python) noted what they changed, and log nothing.
    if (!db.inTransaction) take(true)
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

/**
 * Takes out the topics this connection's writes noted since the last take: none when it changed no row since (after
 * a read that is one call) or noted no topic. Rows other connections noted and committed are taken with them, and
 * alone when `othersToo` (another connection committed). When another process holds the write lock meanwhile, the
 * rows stay for the next take.
 */
function pendingTopics(db: Database): (othersToo: boolean) => ChangeTopic[] {
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck()
  const anyNoted = db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM ${PENDING_TABLE})`).pluck()
  const takeOut = db.prepare<[], string>(`DELETE FROM ${PENDING_TABLE} RETURNING topic`).pluck()
  let seen = totalChanges.get()!
  return (othersToo: boolean) => {
    const now = totalChanges.get()!
    if (now === seen && !othersToo) return []
    seen = now
    if (anyNoted.get() === 0) return []
    try {
      const topics = takeOut.all().filter((topic): topic is ChangeTopic => TOPICS.has(topic))
      seen = totalChanges.get()!
      return topics
    } catch (error) {
      if (!BUSY.has((error as { code?: unknown }).code as string)) throw error
      seen = -1
      return []
    }
  }
}

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED'])
