import type { Database } from 'better-sqlite3'
import { stackSizesSql } from './stacks'

/**
 * How many members each of these assets heads (assets heading none left out), read synchronously: for a library's
 * page, inside its one SQLite read transaction (services/browse/sqlite-browse.ts). Everything else about stacks is
 * the catalogue's (`lib.catalog.repos.stacks`, db/repos/stacks.ts), whose `sizes` says the same on either engine.
 */
export function createStackSizesReader(db: Database): (ids: readonly string[]) => Map<string, number> {
  const sizesStmt = db.prepare<[string], [string, number]>(stackSizesSql('sqlite')).raw()
  return (ids) => (ids.length === 0 ? new Map() : new Map(sizesStmt.all(JSON.stringify(ids))))
}
