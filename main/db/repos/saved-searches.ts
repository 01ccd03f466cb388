import type { SqlEngine } from '../sql/sql-engine'
import { versionColumn } from './edit-versions'

/** A saved search as stored: its filter and sort as JSON text. */
export interface SavedSearchRow {
  id: number
  name: string
  query: string
  filter: string
  sort: string | null
  createdAt: string
  updatedAt: string
  /** The name's version (issue 64). */
  version: number
  /** The person whose own it is; null for the team's. */
  ownerId: number | null
}

const COLUMNS = `id, name, query, filter, sort, created_at AS "createdAt", updated_at AS "updatedAt",
  ${versionColumn('saved-search', 'id', 'name')} AS version, owner_id AS "ownerId"`

/** Named filter states of the library view (a library's migration 0290, a hub's 0020), on either engine. */
export function createSavedSearchesRepo(sql: SqlEngine) {
  return {
    /** The team's and `personId`'s own (the team's alone for null), by name in any case. */
    list: (personId: number | null): Promise<SavedSearchRow[]> =>
      sql.all(`SELECT ${COLUMNS} FROM saved_searches WHERE coalesce(owner_id, 0) IN (0, ?) ORDER BY name, id`, [
        personId ?? 0,
      ]),
    get: (id: number): Promise<SavedSearchRow | undefined> =>
      sql.get(`SELECT ${COLUMNS} FROM saved_searches WHERE id = ?`, [id]),
    /** The saved search of this name, in any case, of this owner (null: the team's). */
    byName: (name: string, ownerId: number | null): Promise<SavedSearchRow | undefined> =>
      sql.get(`SELECT ${COLUMNS} FROM saved_searches WHERE coalesce(owner_id, 0) = ? AND name = ?`, [
        ownerId ?? 0,
        name,
      ]),
    async insert(row: Omit<SavedSearchRow, 'id' | 'updatedAt' | 'version'>): Promise<number> {
      const inserted = await sql.get<{ id: number }>(
        `INSERT INTO saved_searches (name, query, filter, sort, created_at, updated_at, owner_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [row.name, row.query, row.filter, row.sort, row.createdAt, row.createdAt, row.ownerId],
      )
      return inserted!.id
    },
    /** Gives a saved search another state (its name stays). */
    async replace(row: Omit<SavedSearchRow, 'name' | 'createdAt' | 'version' | 'ownerId'>): Promise<void> {
      await sql.run('UPDATE saved_searches SET query = ?, filter = ?, sort = ?, updated_at = ? WHERE id = ?', [
        row.query,
        row.filter,
        row.sort,
        row.updatedAt,
        row.id,
      ])
    },
    async rename(id: number, name: string, at: string): Promise<void> {
      await sql.run('UPDATE saved_searches SET name = ?, updated_at = ? WHERE id = ?', [name, at, id])
    },
    delete: async (id: number): Promise<boolean> =>
      (await sql.run('DELETE FROM saved_searches WHERE id = ?', [id])).changes > 0,
  }
}
export type SavedSearchesRepo = ReturnType<typeof createSavedSearchesRepo>
