import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'

/** One act that changed a team library, as recorded. */
export interface ActivityRow {
  id: number
  at: string
  personId: number | null
  person: string
  channel: string
  /** The call's input as JSON, cut at ACTIVITY_INPUT_CHARS (a folded act's: what its calls added up to). */
  input: string
  /** Its kind and words ("tagged 3 assets hero"); null on entries recorded before words were. */
  kind: string | null
  words: string | null
}

/** An entry to record: the row, and the assets it was about. */
export type NewActivity = Omit<ActivityRow, 'id'> & { action: string | null; assetIds: readonly string[] }

/** Which entries a page holds: older than `before`, of one person, asset or kind, from and to a time (ISO). */
export interface ActivityQuery {
  before?: number
  limit: number
  personId?: number
  assetId?: string
  kind?: string
  from?: string
  to?: string
}

/** What one recorded input keeps at most: enough for ids, names and settings; not a whole workflow document. */
export const ACTIVITY_INPUT_CHARS = 2000

const COLUMNS = `a.id, a.at, a.person_id AS "personId", a.person, a.channel, a.input, a.kind, a.words`

/** The activity log (a library's migrations 0460 and 0700, a hub's 0100 and 0390), on either engine. */
export function createActivityRepo(sql: SqlEngine) {
  const linkAssets = async (id: number, assetIds: readonly string[]) => {
    if (assetIds.length === 0) return
    await sql.run(
      `INSERT INTO activity_assets (activity_id, asset_id)
       SELECT CAST(? AS bigint), value FROM ${jsonValues(sql.dialect)} WHERE true ON CONFLICT DO NOTHING`,
      [id, JSON.stringify([...new Set(assetIds)])],
    )
  }
  return {
    /** Records an entry; its id. */
    async record(entry: NewActivity): Promise<number> {
      const row = await sql.get<{ id: number }>(
        `INSERT INTO activity (at, person_id, person, channel, input, kind, words, action)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [entry.at, entry.personId, entry.person, entry.channel, entry.input, entry.kind, entry.words, entry.action],
      )
      await linkAssets(row!.id, entry.assetIds)
      return row!.id
    },
    /** The entry a person's act (a client's action id) was recorded as, and how many assets it names. */
    async ofAction(action: string, personId: number): Promise<(ActivityRow & { assets: number }) | undefined> {
      return sql.get(
        `SELECT ${COLUMNS}, (SELECT count(*) FROM activity_assets x WHERE x.activity_id = a.id) AS assets
         FROM activity a WHERE a.action = ? AND a.person_id = ?`,
        [action, personId],
      )
    },
    /** Adds assets to what an entry was about. */
    addAssets: linkAssets,
    /** Gives an entry new words and input (an act's entry as its calls add up). */
    async reword(id: number, input: string, words: string): Promise<void> {
      await sql.run('UPDATE activity SET input = ?, words = ? WHERE id = ?', [input, words, id])
    },
    /** Newest first: up to `limit` entries the query names. */
    page: (query: ActivityQuery): Promise<ActivityRow[]> =>
      sql.all(
        `SELECT ${COLUMNS} FROM activity a
         WHERE a.id < ?
           AND (CAST(? AS bigint) IS NULL OR a.person_id = ?)
           AND (CAST(? AS text) IS NULL OR a.kind = ?)
           AND (CAST(? AS text) IS NULL OR a.at >= ?)
           AND (CAST(? AS text) IS NULL OR a.at < ?)
           AND (CAST(? AS text) IS NULL
                OR a.id IN (SELECT x.activity_id FROM activity_assets x WHERE x.asset_id = ?))
         ORDER BY a.id DESC LIMIT ?`,
        [
          query.before ?? Number.MAX_SAFE_INTEGER,
          ...twice(query.personId),
          ...twice(query.kind),
          ...twice(query.from),
          ...twice(query.to),
          ...twice(query.assetId),
          query.limit,
        ],
      ),
  }
}
export type ActivityRepo = ReturnType<typeof createActivityRepo>

function twice<T>(value: T | undefined): [T | null, T | null] {
  return [value ?? null, value ?? null]
}
