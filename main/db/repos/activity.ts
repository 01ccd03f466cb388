import type { SqlEngine } from '../sql/sql-engine'

/** One call that changed a team library, as recorded. */
export interface ActivityRow {
  id: number
  at: string
  personId: number | null
  person: string
  channel: string
  /** The call's input as JSON, cut at ACTIVITY_INPUT_CHARS. */
  input: string
}

/** What one recorded input keeps at most: enough for ids, names and settings; not a whole workflow document. */
export const ACTIVITY_INPUT_CHARS = 2000

const COLUMNS = `id, at, person_id AS "personId", person, channel, input`

/** The activity log (a library's migration 0460, a hub's 0100), on either engine. */
export function createActivityRepo(sql: SqlEngine) {
  return {
    async record(entry: Omit<ActivityRow, 'id'>): Promise<void> {
      await sql.run('INSERT INTO activity (at, person_id, person, channel, input) VALUES (?, ?, ?, ?, ?)', [
        entry.at,
        entry.personId,
        entry.person,
        entry.channel,
        entry.input,
      ])
    },
    /** Newest first: up to `limit` entries older than `before` (all when absent), of one person when given. */
    page: (options: { before?: number; limit: number; personId?: number }): Promise<ActivityRow[]> =>
      sql.all(
        `SELECT ${COLUMNS} FROM activity
         WHERE id < ? AND (CAST(? AS bigint) IS NULL OR person_id = ?)
         ORDER BY id DESC LIMIT ?`,
        [options.before ?? Number.MAX_SAFE_INTEGER, options.personId ?? null, options.personId ?? null, options.limit],
      ),
  }
}
export type ActivityRepo = ReturnType<typeof createActivityRepo>
