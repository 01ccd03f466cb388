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
  /** The review link a guest acted through; null for a person's act. */
  linkId: number | null
}

/** An entry to record: the row, and the assets it was about. */
export type NewActivity = Omit<ActivityRow, 'id'> & { action: string | null; assetIds: readonly string[] }

/**
 * Which entries a page holds: older than `before`, of one person, asset or kind, from and to a time (ISO), of
 * guests alone or people alone, and none of `exceptKind`.
 */
export interface ActivityQuery {
  before?: number
  limit: number
  personId?: number
  assetId?: string
  kind?: string
  from?: string
  to?: string
  guests?: boolean
  exceptKind?: string
}

/** What one recorded input keeps at most: enough for ids, names and settings; not a whole workflow document. */
export const ACTIVITY_INPUT_CHARS = 2000

const COLUMNS = `a.id, a.at, a.person_id AS "personId", a.person, a.channel, a.input, a.kind, a.words,
  a.link_id AS "linkId"`

/** The activity log (a library's migrations 0460, 0700 and 0800, a hub's 0100, 0390 and 0460), on either engine. */
export function createActivityRepo(sql: SqlEngine) {
  const ids = `SELECT value FROM ${jsonValues(sql.dialect)}`
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
        `INSERT INTO activity (at, person_id, person, channel, input, kind, words, action, link_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          entry.at,
          entry.personId,
          entry.person,
          entry.channel,
          entry.input,
          entry.kind,
          entry.words,
          entry.action,
          entry.linkId,
        ],
      )
      await linkAssets(row!.id, entry.assetIds)
      return row!.id
    },
    /** The entry a person's act (a client's action id) was recorded as. */
    ofAction: (action: string, personId: number): Promise<ActivityRow | undefined> =>
      sql.get(`SELECT ${COLUMNS} FROM activity a WHERE a.action = ? AND a.person_id = ?`, [action, personId]),
    /** One entry by its id. */
    get: (id: number): Promise<ActivityRow | undefined> =>
      sql.get(`SELECT ${COLUMNS} FROM activity a WHERE a.id = ?`, [id]),
    /** Adds assets to what an entry was about. */
    addAssets: linkAssets,
    /** Adds to what an entry was about the assets an import job's files became or were already (its outcomes). */
    async addImportedAssets(id: number, jobId: string): Promise<void> {
      await sql.run(
        `INSERT INTO activity_assets (activity_id, asset_id)
         SELECT DISTINCT CAST(? AS bigint), asset_id FROM import_items WHERE job_id = ? AND asset_id IS NOT NULL
         ON CONFLICT DO NOTHING`,
        [id, jobId],
      )
    },
    /** How many assets an entry names. */
    async assetCount(id: number): Promise<number> {
      const row = await sql.get<{ n: number }>('SELECT count(*) AS n FROM activity_assets WHERE activity_id = ?', [id])
      return Number(row!.n)
    },
    /** How many files of these import jobs were new to the library (not already in it, not failed). */
    async importedCount(jobIds: readonly string[]): Promise<number> {
      if (jobIds.length === 0) return 0
      const row = await sql.get<{ n: number }>(
        `SELECT count(*) AS n FROM import_items WHERE outcome = 'imported' AND job_id IN (${ids})`,
        [JSON.stringify(jobIds)],
      )
      return Number(row!.n)
    },
    /** The ratings these assets have now, each once, lowest first (what an entry says they were). */
    async ratingsOf(assetIds: readonly string[]): Promise<number[]> {
      const rows = await sql.all<{ rating: number }>(
        `SELECT DISTINCT rating FROM videos WHERE id IN (${ids}) ORDER BY rating`,
        [JSON.stringify(assetIds)],
      )
      return rows.map((row) => row.rating)
    },
    /** Gives an entry new words, and new input where given (an act's entry as its calls add up). */
    async reword(id: number, words: string, input?: string): Promise<void> {
      await sql.run('UPDATE activity SET words = ?, input = coalesce(CAST(? AS text), input) WHERE id = ?', [
        words,
        input ?? null,
        id,
      ])
    },
    /** Newest first: up to `limit` entries the query names. */
    page: (query: ActivityQuery): Promise<ActivityRow[]> =>
      sql.all(
        `SELECT ${COLUMNS} FROM activity a
         WHERE a.id < ?
           AND (CAST(? AS bigint) IS NULL OR a.person_id = ?)
           AND (CAST(? AS text) IS NULL OR a.kind = ?)
           AND (CAST(? AS text) IS NULL OR a.kind IS NULL OR a.kind <> ?)
           AND (CAST(? AS text) IS NULL OR a.at >= ?)
           AND (CAST(? AS text) IS NULL OR a.at < ?)
           AND (CAST(? AS integer) IS NULL OR (CASE WHEN a.link_id IS NULL THEN 0 ELSE 1 END) = ?)
           AND (CAST(? AS text) IS NULL
                OR a.id IN (SELECT x.activity_id FROM activity_assets x WHERE x.asset_id = ?))
         ORDER BY a.id DESC LIMIT ?`,
        [
          query.before ?? Number.MAX_SAFE_INTEGER,
          ...twice(query.personId),
          ...twice(query.kind),
          ...twice(query.exceptKind),
          ...twice(query.from),
          ...twice(query.to),
          ...twice(query.guests === undefined ? undefined : Number(query.guests)),
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
