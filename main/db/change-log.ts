import type { Database } from 'better-sqlite3'
import type { ChangeTopic, LibraryChanged } from '../../shared/contract'
import { loggedChange } from './change-topics'

/** How many changes the log keeps: a client further behind than this reads everything again. */
export const CHANGES_KEPT = 1000

/** Changes after a sequence, or `missed` when the log no longer holds them all. */
export interface ChangesSince {
  changes: LibraryChanged[]
  missed: boolean
}

/** The `change_log` table (migration 0380): appended by every process on the library, read in order. */
export function createChangeLog(db: Database) {
  const insert = db.prepare('INSERT INTO change_log (tables, at) VALUES (?, ?)')
  const prune = db.prepare('DELETE FROM change_log WHERE seq <= ?')
  const after = db.prepare('SELECT seq, tables FROM change_log WHERE seq > ? ORDER BY seq')
  const bounds = db.prepare('SELECT coalesce(min(seq), 0) AS oldest, coalesce(max(seq), 0) AS newest FROM change_log')
  const read = (since: number): LibraryChanged[] =>
    (after.all(since) as { seq: number; tables: string }[]).map((row) => loggedChange(row.seq, row.tables))
  const append = db.transaction((tables: readonly ChangeTopic[], at: string): number => {
    const seq = Number(insert.run(JSON.stringify(tables), at).lastInsertRowid)
    prune.run(seq - CHANGES_KEPT)
    return seq
  })

  return {
    /** Logs one change; its sequence. */
    append: (tables: readonly ChangeTopic[], at: string): number => append.immediate(tables, at),
    /** The changes after `seq`, oldest first. */
    after: read,
    /** The newest sequence (0 before the first change). */
    newest: (): number => (bounds.get() as { newest: number }).newest,
    /** The changes after `since`; `missed` when some were pruned, or `since` is not of this log (it is ahead of it). */
    since(since: number): ChangesSince {
      const { oldest, newest } = bounds.get() as { oldest: number; newest: number }
      if (since > newest || (since < oldest - 1 && newest > 0)) return { changes: [], missed: true }
      return { changes: read(since), missed: false }
    },
    /** Changes whenever another connection commits to the database (SQLite's `data_version`). */
    dataVersion: (): number => db.pragma('data_version', { simple: true }) as number,
  }
}
