import type { SqlDialect, SqlEngine, SqlValue } from '../sql/sql-engine'
import { analysisColumns, toAnalysisCacheRow, type AnalysisCacheRow, type AnalysisRow } from './analysis-cache'

/**
 * Conditions inside a result's JSON, each taking the text it compares with: a library reads its JSON text with
 * SQLite's JSON functions, a hub its jsonb with PostgreSQL's operators. Both match a string equal to the text
 * (not a number that prints as it) and skip what is not an object of the kind looked for: JSON that is not
 * valid (a plugin's text), ranges that are no array, range items that are no object.
 */
const INSIDE_JSON: Record<SqlDialect, { analyzer: string; label: string }> = {
  sqlite: {
    analyzer: `CASE WHEN json_valid(a.metadata) THEN json_extract(a.metadata, '$.analyzer') END = ?`,
    label: `EXISTS (
      SELECT 1 FROM json_each(
        CASE WHEN NOT json_valid(a.ranges) THEN '[]' WHEN json_type(a.ranges) = 'array' THEN a.ranges ELSE '[]' END) r
      WHERE CASE WHEN r.type = 'object' THEN json_extract(r.value, '$.label') END = ?)`,
  },
  postgres: {
    analyzer: `a.metadata -> 'analyzer' = to_jsonb(CAST(? AS text))`,
    label: `EXISTS (
      SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.ranges) = 'array' THEN a.ranges ELSE '[]' END) r
      WHERE r.value -> 'label' = to_jsonb(CAST(? AS text)))`,
  },
}

/** A cached result found across the library, with the asset at its path and the content hash recorded for it. */
export type FoundAnalysisRow = AnalysisCacheRow & {
  assetId: string | null
  assetName: string | null
  assetHash: string | null
}

/**
 * Cached analyses across a catalogue (analysis_jobs with the videos at their paths). Apart from the
 * analysis store, whose table a plugin's database has too, where there is no videos table.
 */
export function createAnalysisSearchRepo(sql: SqlEngine) {
  return {
    /**
     * Cached results newest first, of one analyzer (as our rows record it in metadata) or holding a range of
     * one label when asked, after a (created_at, id) cursor, with the library asset at the row's path and the
     * content hash the library recorded for it.
     */
    async search(filter: {
      analyzer: string | null
      label: string | null
      after: { createdAt: number; id: number } | null
      limit: number
    }): Promise<FoundAnalysisRow[]> {
      const { analyzer, label, after, limit } = filter
      const inside = INSIDE_JSON[sql.dialect]
      const asked: Array<[condition: string, params: SqlValue[]] | null> = [
        analyzer === null ? null : [inside.analyzer, [analyzer]],
        label === null ? null : [inside.label, [label]],
        after === null ? null : ['(a.created_at, a.id) < (?, ?)', [after.createdAt, after.id]],
      ]
      const conditions = asked.filter((condition) => condition !== null)
      const where = conditions.map(([condition]) => condition)
      const params = conditions.flatMap(([, values]) => values)
      const rows = await sql.all<
        AnalysisRow & { asset_id: string | null; asset_name: string | null; asset_hash: string | null }
      >(
        `SELECT ${analysisColumns('a.')}, v.id AS asset_id, v.name AS asset_name, v.file_hash AS asset_hash
         FROM analysis_jobs a LEFT JOIN videos v ON v.file_path = a.file_path
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
        [...params, limit],
      )
      return rows.map((row) => ({
        ...toAnalysisCacheRow(row),
        assetId: row.asset_id,
        assetName: row.asset_name,
        assetHash: row.asset_hash,
      }))
    },
  }
}
export type AnalysisSearchRepo = ReturnType<typeof createAnalysisSearchRepo>
