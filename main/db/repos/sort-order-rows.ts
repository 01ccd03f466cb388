import type { Database } from 'better-sqlite3'
import type { MediaSortKey } from '../../../shared/contract'
import { eachInteger } from './integer-list'
import { SORT_COLUMNS } from '../browse-model/search-params'
import { placeSql, statementCache, windowSql } from './media-page-sql'

/** An asset's place in an order: its sort key and id, as a keyset cursor names it. */
export interface OrderKey {
  key: string | number
  id: string
}

/**
 * What a sort order held in memory (main/services/browse/sort-orders.ts) reads of the library: the order in
 * chunks from its sort index, an asset's key, and where changed assets now stand.
 */
export function createSortOrderRows(db: Database) {
  const chunkStatement = statementCache((sql) => db.prepare<unknown[], Buffer | null>(sql).pluck())
  const keyOfRowStatement = statementCache((sql) =>
    db.prepare<[{ rowid: number }], [string | number, string]>(sql).raw(),
  )
  const rowOfIdStatement = statementCache((sql) => db.prepare<[string], [number, string | number]>(sql).raw())
  const inOrderStatement = statementCache((sql) => db.prepare<[string], [number, string | number, string]>(sql).raw())
  const beforeStatement = statementCache((sql) => db.prepare<unknown[], number>(sql).pluck())
  const keyOfRow = (by: MediaSortKey, rowid: number): OrderKey | undefined => {
    const found = keyOfRowStatement(by, () => placeSql(by)).get({ rowid })
    return found && { key: found[0], id: found[1] }
  }
  return {
    isOpen: (): boolean => db.open,
    /**
     * Visits the rowids of the next `limit` assets of the order after `after` (from its start when null), in order;
     * returns the last one's key (null when there was none), read in the same snapshot.
     */
    eachInChunk(by: MediaSortKey, after: OrderKey | null, limit: number, visit: (rowid: number) => void) {
      return db.transaction((): OrderKey | null => {
        const stmt = chunkStatement(`${by}:${after !== null}`, () => windowSql(by, false, after !== null))
        let last = 0
        eachInteger(stmt.get({ afterKey: after?.key ?? null, afterId: after?.id ?? null, limit }) ?? null, (rowid) => {
          visit(rowid)
          last = rowid
        })
        return last === 0 ? null : keyOfRow(by, last)!
      })()
    },
    /** The rowid and sort key of the asset of this id; undefined when there is none. */
    rowOfId(by: MediaSortKey, id: string): { rowid: number; key: string | number } | undefined {
      const stmt = rowOfIdStatement(by, () => `SELECT v.rowid, v.${SORT_COLUMNS[by]} FROM videos v WHERE v.id = ?`)
      const found = stmt.get(id)
      return found && { rowid: found[0], key: found[1] }
    },
    /** Those of these rowids still in the library, in the order, each with its key. */
    inOrder(by: MediaSortKey, rowids: readonly number[]): Array<{ rowid: number } & OrderKey> {
      const column = SORT_COLUMNS[by]
      const stmt = inOrderStatement(
        by,
        () => `SELECT v.rowid, v.${column}, v.id FROM videos v
               WHERE v.rowid IN (SELECT value FROM json_each(?)) ORDER BY v.${column}, v.id`,
      )
      return stmt.all(JSON.stringify(rowids)).map(([rowid, key, id]) => ({ rowid, key, id }))
    },
    /** The rowid of the asset just before this key in the order; undefined at its start. */
    rowBefore(by: MediaSortKey, at: OrderKey): number | undefined {
      const column = SORT_COLUMNS[by]
      const stmt = beforeStatement(
        by,
        () => `SELECT v.rowid FROM videos v INDEXED BY videos_${column} WHERE (v.${column}, v.id) < (@key, @id)
               ORDER BY v.${column} DESC, v.id DESC LIMIT 1`,
      )
      return stmt.get(at)
    },
  }
}
export type SortOrderRows = ReturnType<typeof createSortOrderRows>
