import type { Database } from 'better-sqlite3'

/** A saved search as stored: its filter and sort as JSON text. */
export interface SavedSearchRow {
  id: number
  name: string
  query: string
  filter: string
  sort: string | null
  createdAt: string
  updatedAt: string
}

const COLUMNS = 'id, name, query, filter, sort, created_at AS createdAt, updated_at AS updatedAt'

/** Named filter states of the library view (migration 0290). */
export function createSavedSearchesRepo(db: Database) {
  const listStmt = db.prepare<[], SavedSearchRow>(`SELECT ${COLUMNS} FROM saved_searches ORDER BY name`)
  const getStmt = db.prepare<[number], SavedSearchRow>(`SELECT ${COLUMNS} FROM saved_searches WHERE id = ?`)
  const byNameStmt = db.prepare<[string], SavedSearchRow>(`SELECT ${COLUMNS} FROM saved_searches WHERE name = ?`)
  const insertStmt = db.prepare<Omit<SavedSearchRow, 'id' | 'updatedAt'>>(
    `INSERT INTO saved_searches (name, query, filter, sort, created_at, updated_at)
     VALUES (@name, @query, @filter, @sort, @createdAt, @createdAt)`,
  )
  const replaceStmt = db.prepare<Omit<SavedSearchRow, 'name' | 'createdAt'>>(
    'UPDATE saved_searches SET query = @query, filter = @filter, sort = @sort, updated_at = @updatedAt WHERE id = @id',
  )
  const renameStmt = db.prepare<[string, string, number]>(
    'UPDATE saved_searches SET name = ?, updated_at = ? WHERE id = ?',
  )
  const deleteStmt = db.prepare<[number]>('DELETE FROM saved_searches WHERE id = ?')
  return {
    list: (): SavedSearchRow[] => listStmt.all(),
    get: (id: number): SavedSearchRow | undefined => getStmt.get(id),
    /** The saved search of this name, in any case. */
    byName: (name: string): SavedSearchRow | undefined => byNameStmt.get(name),
    insert(row: Omit<SavedSearchRow, 'id' | 'updatedAt'>): number {
      return Number(insertStmt.run(row).lastInsertRowid)
    },
    /** Gives a saved search another state (its name stays). */
    replace: (row: Omit<SavedSearchRow, 'name' | 'createdAt'>): void => void replaceStmt.run(row),
    rename: (id: number, name: string, at: string): void => void renameStmt.run(name, at, id),
    delete: (id: number): boolean => deleteStmt.run(id).changes > 0,
  }
}
export type SavedSearchesRepo = ReturnType<typeof createSavedSearchesRepo>
