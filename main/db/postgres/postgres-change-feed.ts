import pg from 'pg'
import type { LibraryChanged } from '../../../shared/contract'
import { loggedChange } from '../change-topics'
import type { ChangesSince } from '../change-log'
import type { EventBus } from '../../library/event-bus'
import type { SqlEngine } from '../sql/sql-engine'

/** How the feed paces itself; tests shorten it. */
export interface PostgresFeedTiming {
  /** After a lost listening connection, how long before the next try (doubling up to 30 s). */
  retryMs: number
}

const CHANNEL = 'framevault_changes'
/** The listening connection's application name (as pg_stat_activity shows it). */
export const LISTENER_NAME = 'framevault-change-feed'
const MOST_RETRY_MS = 30_000
// After a read of the log, notifications within this long are read together at its end (issue 63).
const GATHER_MS = 20

/**
 * A hub's `library:changed` events (issue 34 point 5): the database logs each committed change (hub migration
 * 0190) and notifies `framevault_changes`; this process listens on a connection of its own and sends every
 * logged change it has not sent yet, in sequence order, on `bus`. Notifications only say "read the log": a
 * listening connection that drops is made again, and the log read after it catches up on what was missed meanwhile.
 * `url` is the catalogue's (the same search path as the pool behind `sql`).
 */
export async function postgresChangeFeed(
  url: string,
  sql: SqlEngine,
  bus: EventBus,
  {
    timing = {},
    onError = defaultOnError,
    channels = {},
    changes = true,
  }: {
    timing?: Partial<PostgresFeedTiming>
    onError?: (error: Error) => void
    /** Other channels the same connection listens on, each with what hears its notifications' payloads. */
    channels?: Record<string, (payload: string | undefined) => void>
    /**
     * Whether it listens for the log's changes and sends them (default yes): a process no window hears (a worker)
     * listens on `channels` alone, and reads the log only when asked (`flush`, `since`).
     */
    changes?: boolean
  } = {},
) {
  const { retryMs } = { retryMs: 500, ...timing }
  let sent = await newest(sql)
  let draining: Promise<void> | null = null
  let again = false
  let listener: pg.Client | null = null
  let closed = false
  let retry: NodeJS.Timeout | undefined

  // Reads the log after the last change sent; a notification meanwhile makes it read once more.
  const drain = (): Promise<void> => {
    if (draining) {
      again = true
      return draining
    }
    draining = (async () => {
      do {
        again = false
        for (const change of await after(sql, sent)) {
          sent = change.seq
          bus.emit('library:changed', change)
        }
      } while (again && !closed)
    })()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => (draining = null))
    return draining
  }

  // A notification reads the log at once; those of the next GATHER_MS (a burst of commits, an import's one a file:
  // 1,000 reads for 1,000 files) are read once, at its end.
  let gathering: NodeJS.Timeout | undefined
  let heard = false
  const notified = () => {
    if (gathering) return void (heard = true)
    void drain()
    gathering = setTimeout(() => {
      gathering = undefined
      if (!heard || closed) return
      heard = false
      notified()
    }, GATHER_MS)
  }

  const listen = async (wait: number): Promise<void> => {
    if (closed) return
    const client = new pg.Client({ connectionString: url, application_name: LISTENER_NAME })
    client.on('notification', (note) => {
      const other = channels[note.channel]
      if (other) other(note.payload)
      else notified()
    })
    client.on('error', (error) => {
      onError(error)
      if (listener !== client) return
      listener = null
      void client.end().catch(() => {})
      later(wait)
    })
    try {
      await client.connect()
      for (const channel of [...(changes ? [CHANNEL] : []), ...Object.keys(channels)]) {
        await client.query(`LISTEN ${channel}`)
      }
    } catch (error) {
      onError(error as Error)
      await client.end().catch(() => {})
      if (!closed) later(wait)
      return
    }
    if (closed) return void (await client.end().catch(() => {}))
    listener = client
    // What was committed while nobody listened.
    if (changes) await drain()
  }
  // The next try after `wait`, itself waiting twice as long if it fails.
  const later = (wait: number) => {
    retry = setTimeout(() => {
      retry = undefined
      void listen(Math.min(wait * 2, MOST_RETRY_MS))
    }, wait)
  }
  await listen(retryMs)

  return {
    /** The newest sequence of the log: a client's starting point. */
    cursor: (): Promise<number> => newest(sql),
    /** The changes after `since`, oldest first, or `missed` when the log no longer holds them all. */
    since: (since: number): Promise<ChangesSince> => changesSince(sql, since),
    /** Sends what is logged and not sent yet now (a test, or a host about to answer). */
    flush: (): Promise<void> => drain(),
    /** Tries to listen again now rather than at the next try (the catalogue is known to be back). */
    wake(): void {
      if (closed || retry === undefined) return
      clearTimeout(retry)
      retry = undefined
      void listen(retryMs)
    },
    /** Whether the feed listens now (a lost connection is being made again otherwise). */
    listening: (): boolean => listener !== null,
    /** Stops listening; what is being read is sent first. */
    async close(): Promise<void> {
      closed = true
      clearTimeout(retry)
      clearTimeout(gathering)
      await draining
      await listener?.end().catch(() => {})
      listener = null
    },
  }
}
export type PostgresChangeFeed = Awaited<ReturnType<typeof postgresChangeFeed>>

function defaultOnError(error: Error): void {
  console.error('framevault: the change feed lost PostgreSQL:', error.message)
}

async function newest(sql: SqlEngine): Promise<number> {
  return (await sql.get<{ newest: number }>('SELECT coalesce(max(seq), 0) AS newest FROM change_log'))!.newest
}

async function after(sql: SqlEngine, seq: number): Promise<LibraryChanged[]> {
  const rows = await sql.all<{ seq: number; tables: string }>(
    'SELECT seq, tables FROM change_log WHERE seq > ? ORDER BY seq',
    [seq],
  )
  return rows.map((row) => loggedChange(row.seq, row.tables))
}

/** As a library's change log answers (change-log.ts): `missed` when `since` is pruned away or not of this log. */
async function changesSince(sql: SqlEngine, since: number): Promise<ChangesSince> {
  const bounds = await sql.get<{ oldest: number; newest: number }>(
    'SELECT coalesce(min(seq), 0) AS oldest, coalesce(max(seq), 0) AS newest FROM change_log',
  )
  const { oldest, newest: last } = bounds!
  if (since > last || (since < oldest - 1 && last > 0)) return { changes: [], missed: true }
  return { changes: await after(sql, since), missed: false }
}
