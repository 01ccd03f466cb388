import type { ChangesSince } from './change-log'

/**
 * A catalogue's change log as a host serves it, on either engine: a library's (change-feed.ts, synchronous over its
 * SQLite file) or a hub's (postgres/postgres-change-feed.ts, read from PostgreSQL).
 */
export interface LibraryChanges {
  /** The newest sequence of the log: a client's starting point. */
  cursor(): number | Promise<number>
  /** The changes after `since`, oldest first, or `missed` when the log no longer holds them all. */
  since(since: number): ChangesSince | Promise<ChangesSince>
  /** Runs `work`; what it changes may go out as one change when it ends (a library's feed holds it back). */
  batch<T>(work: () => Promise<T>): Promise<T>
}
