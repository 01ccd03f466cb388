import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import type { FacetRow } from '../browse-model/facet-row'
import { BROWSE_SQL, PG_PARAM_JSON } from '../browse-model/dialect-sql'
import { TABLE_FACETS } from '../browse-model/filters'
import { PREFIX_QUERY, prefixQueryValues } from './media-page-postgres'

const P = BROWSE_SQL.postgres

// A JSON value as a library's json_extract gives it: its text, and whether it is a number (then read as one).
const JSON_VALUE = (json: string) => [`${json} #>> '{}'`, `json_typeof(${json}) = 'number'`]
const FLAG = (test: string) => `CASE WHEN ${test} THEN 1 ELSE 0 END`
// Every FacetRow column of an asset `v` (generation `g` joined), sampler and steps each as a value and a flag.
const COLUMNS = [
  'v.row_id',
  'v.media_type',
  'v.source_type',
  'v.status',
  'v.codec',
  'v.container',
  'v.has_audio',
  'v.rating',
  'v.width',
  'v.height',
  'v.duration_seconds',
  'v.size_bytes',
  'fv_epoch_ms(v.sort_imported)',
  'v.health',
  FLAG(P.nearDuplicates),
  'g.provider',
  'g.model',
  ...JSON_VALUE(PG_PARAM_JSON('sampler')),
  ...JSON_VALUE(PG_PARAM_JSON('steps')),
  FLAG(P.hasWorkflow),
  FLAG(P.stacked),
  // The facets the filter table declares.
  ...TABLE_FACETS.map((filter) => filter.sql.postgres),
]
const ROWS = `SELECT ${COLUMNS.map((column, i) => `${column} AS c${i}`).join(', ')} FROM videos v LEFT JOIN video_generation g ON g.video_id = v.id`
// Row ids bound as one JSON array.
const AMONG = (column: string) =>
  `${column} IN (SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)`
const TAGS = 'SELECT v.row_id AS row, a.tag_id AS id FROM asset_tags a JOIN videos v ON v.id = a.asset_id'
const COLLECTIONS =
  'SELECT v.row_id AS row, ci.collection_id AS id FROM collection_items ci JOIN videos v ON v.id = ci.video_id'
const LORAS = `SELECT DISTINCT v.row_id AS row, ${P.loraName} AS id FROM videos v, ${P.lorasOfAsset} AND ${P.loraName} IS NOT NULL`

type Pair<T> = [number, T]

/**
 * The reads of a hub's facet index (hub-facet-index.ts), as facet-rows.ts gives a library's: every asset's facet
 * columns by `row_id` (migration 0220), in pages, then only the assets that migration's change log names. Rows come
 * as arrays, as a library's do. Every call reads in the caller's transaction.
 */
export function createPostgresFacetRows(sql: SqlEngine) {
  const rows = async (text: string, values: SqlValue[]): Promise<FacetRow[]> =>
    (await sql.all<Record<string, unknown>>(text, values)).map(facetRow)
  const pairs = async <T>(text: string, values: SqlValue[] = []): Promise<Array<Pair<T>>> =>
    (await sql.all<{ row: number; id: T }>(text, values)).map(({ row, id }) => [row, id])
  const of = (rowids: readonly number[]) => [JSON.stringify(rowids)]
  return {
    /** The facet columns of up to `limit` assets after `afterRowid`, in row id order. */
    page: (afterRowid: number, limit: number): Promise<FacetRow[]> =>
      rows(`${ROWS} WHERE v.row_id > ? ORDER BY v.row_id LIMIT ?`, [afterRowid, limit]),
    /** The facet columns of these assets (those still present). */
    some: (rowids: readonly number[]): Promise<FacetRow[]> => rows(`${ROWS} WHERE ${AMONG('v.row_id')}`, of(rowids)),
    /** The highest row id in use (0 when there is no asset). */
    maxRowid: async (): Promise<number> =>
      (await sql.get<{ max: number }>('SELECT coalesce(max(row_id), 0) AS max FROM videos'))!.max,
    /** Every tag membership (asset row id, tag id), or these assets' alone. */
    tags: (rowids?: readonly number[]) =>
      pairs<number>(rowids ? `${TAGS} WHERE ${AMONG('v.row_id')}` : TAGS, rowids ? of(rowids) : []),
    /** Every collection membership (asset row id, collection id), or these assets' alone. */
    collections: (rowids?: readonly number[]) =>
      pairs<number>(rowids ? `${COLLECTIONS} WHERE ${AMONG('v.row_id')}` : COLLECTIONS, rowids ? of(rowids) : []),
    /** Every LoRA an asset's generation used (asset row id, LoRA name), or these assets' alone. */
    loras: (rowids?: readonly number[]) =>
      pairs<string>(rowids ? `${LORAS} AND ${AMONG('v.row_id')}` : LORAS, rowids ? of(rowids) : []),
    /** The oldest entry the change log still holds (null when it is empty). */
    firstSeq: async (): Promise<number | null> =>
      (await sql.get<{ seq: number | null }>('SELECT min(seq) AS seq FROM facet_changes'))!.seq,
    /** The last entry the change log holds (0 when it never had one). */
    lastSeq: async (): Promise<number> =>
      (await sql.get<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM facet_changes'))!.seq,
    /** The assets the change log names after entry `seq`. */
    changedSince: async (seq: number): Promise<number[]> =>
      (await sql.all<{ row_id: number }>('SELECT DISTINCT row_id FROM facet_changes WHERE seq > ?', [seq])).map(
        (row) => row.row_id,
      ),
    /** The ids of the tags of these names (compared as the tags table does). */
    tagIds: async (names: readonly string[]): Promise<number[]> =>
      (
        await sql.all<{ id: number }>(
          'SELECT id FROM tags WHERE name IN (SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)',
          [JSON.stringify(names)],
        )
      ).map((row) => row.id),
    /** The names of these tags. */
    tagNames: async (ids: readonly number[]): Promise<Map<number, string>> =>
      new Map(
        (
          await sql.all<{ id: number; name: string }>(`SELECT id, name FROM tags WHERE ${AMONG('id')}`, [
            JSON.stringify(ids),
          ])
        ).map((row) => [row.id, row.name]),
      ),
    /** The row ids of the assets an FTS5 expression of SearchParams finds (as a prefix query of its words). */
    textMatches: async (match: string): Promise<number[]> =>
      (
        await sql.all<{ row_id: number }>(
          `SELECT row_id FROM asset_search WHERE document @@ ${PREFIX_QUERY}`,
          prefixQueryValues(match),
        )
      ).map((row) => row.row_id),
  }
}
export type PostgresFacetRows = ReturnType<typeof createPostgresFacetRows>

/** A row of COLUMNS (c0, c1, …) as a FacetRow: sampler and steps each from its value and number flag. */
function facetRow(row: Record<string, unknown>): FacetRow {
  const values = COLUMNS.map((_, i) => row[`c${i}`])
  const jsonValue = (text: unknown, isNumber: unknown) => (text === null ? null : isNumber ? Number(text) : text)
  return [
    ...values.slice(0, 17),
    jsonValue(values[17], values[18]),
    jsonValue(values[19], values[20]),
    values[21],
    values[22],
    ...values.slice(23),
  ] as unknown as FacetRow
}
