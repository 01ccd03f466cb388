import type { MediaSortKey } from '../../../shared/contract'
import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { toAsset, type VideoRow } from './media'
import { ROW_COLUMNS } from './media-row-columns'
import type { PageAfter, PageRow, SearchParams } from './media-search'

/** The indexed sort column of each sort (a hub's migration 0170, as a library's 0060). */
const SORT_COLUMNS: Record<MediaSortKey, string> = {
  imported: 'sort_imported',
  name: 'sort_name',
  duration: 'sort_duration',
  size: 'sort_size',
  resolution: 'sort_pixels',
}

// A list filter's values: the JSON array SearchParams holds, bound as one value.
const LIST = `(SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)`
const NUMBERS = `(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)`
export const GENERATION = (value: string) => `(SELECT ${value} FROM video_generation g WHERE g.video_id = v.id)`
export const PARAMS = `CASE WHEN g.generation_params IS JSON OBJECT THEN g.generation_params::json END`
// An asset's LoRAs: the names in its generation details' `loras` list, as a library's pages read them.
export const LORAS_OF_ASSET = `video_generation g,
  json_array_elements(CASE WHEN json_typeof((${PARAMS}) -> 'loras') = 'array' THEN (${PARAMS}) -> 'loras' END) AS l
  WHERE g.video_id = v.id`

/** Each filter of SearchParams as its test of an asset `v` on PostgreSQL, the value bound to its one `?`. */
const TESTS: ReadonlyArray<readonly [keyof SearchParams, string]> = [
  ['codec', `v.codec IN ${LIST}`],
  ['mediaType', `v.media_type IN ${LIST}`],
  ['sourceType', `v.source_type IN ${LIST}`],
  ['status', `v.status IN ${NUMBERS}`],
  ['health', `v.health IN ${LIST}`],
  ['minRating', 'v.rating >= ?'],
  ['minDuration', 'v.duration_seconds >= ?'],
  ['maxDuration', 'v.duration_seconds <= ?'],
  ['minSize', 'v.size_bytes >= ?'],
  ['maxSize', 'v.size_bytes <= ?'],
  ['importedFrom', 'v.sort_imported >= ?'],
  ['importedTo', 'v.sort_imported <= ?'],
  ['minWidth', 'v.width >= ?'],
  ['maxWidth', 'v.width <= ?'],
  ['minHeight', 'v.height >= ?'],
  ['maxHeight', 'v.height <= ?'],
  ['orientation', `v.orientation IN ${LIST}`],
  ['container', `v.container IN ${LIST}`],
  ['hasAudio', 'v.has_audio = ?'],
  ['hasNearDuplicates', 'EXISTS (SELECT 1 FROM near_duplicate_assets n WHERE n.asset_id = v.id) = (? = 1)'],
  ['collection', 'EXISTS (SELECT 1 FROM collection_items ci WHERE ci.collection_id = ? AND ci.video_id = v.id)'],
  ['provider', `${GENERATION('g.provider')} IN ${LIST}`],
  ['model', `${GENERATION('g.model')} IN ${LIST}`],
  ['sampler', `${GENERATION(`(${PARAMS}) ->> 'sampler'`)} IN ${LIST}`],
  ['steps', `${GENERATION(`((${PARAMS}) -> 'steps')::text`)} IN ${LIST}`],
  ['hasWorkflow', 'EXISTS (SELECT 1 FROM workflow_videos wv WHERE wv.video_id = v.id) = (? = 1)'],
  [
    'collapseStacks',
    'NOT EXISTS (SELECT 1 FROM stack_members s JOIN videos h ON h.id = s.head_id WHERE s.member_id = v.id) AND ? = 1',
  ],
  // Every tag asked for: as many of the asset's tags among them as were asked (names compare in any case).
  [
    'tags',
    `(SELECT count(*) FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = v.id AND t.name IN ${LIST})`,
  ],
  ['loras', `(SELECT count(DISTINCT l ->> 'name') FROM ${LORAS_OF_ASSET} AND l ->> 'name' IN ${LIST})`],
  ['query', 'v.id IN (SELECT s.video_id FROM asset_search s WHERE s.document @@ fv_prefix_query(?))'],
]
// Filters compared with a count they hold: the count follows the list in the statement.
const COUNTED: Partial<Record<keyof SearchParams, keyof SearchParams>> = { tags: 'tagCount', loras: 'loraCount' }

/**
 * Keyset pages over a hub's `videos` (issue 34 point 2): the same pages, in the same order, as a library's
 * media-search.ts gives for the same parameters, in one statement the planner drives as it sees fit (by the sort
 * index, or by the text matches of asset_search's GIN index).
 */
export function createPostgresPages(sql: SqlEngine) {
  return {
    async page(
      params: SearchParams,
      by: MediaSortKey,
      desc: boolean,
      after: PageAfter | null,
      limit: number,
    ): Promise<PageRow[]> {
      const column = SORT_COLUMNS[by]
      const dir = desc ? 'DESC' : 'ASC'
      const { tests, values } = filterTests(params)
      if (after) {
        tests.push(`(v.${column}, v.id COLLATE "C") ${desc ? '<' : '>'} (?, ?)`)
        values.push(after.key, after.id)
      }
      const where = tests.length === 0 ? '' : `WHERE ${tests.join(' AND ')}`
      const rows = await sql.all<VideoRow & { sort_key: string | number }>(
        `SELECT ${ROW_COLUMNS}, v.${column} AS sort_key FROM videos v ${where}
         ORDER BY v.${column} ${dir}, v.id COLLATE "C" ${dir} LIMIT ?`,
        [...values, limit],
      )
      return rows.map((row) => ({ asset: toAsset(row), key: row.sort_key }))
    },
  }
}

/**
 * The tests of an asset `v` that the filters of `params` ask for, but those named in `except`, with their bound
 * values in order.
 */
export function filterTests(
  params: SearchParams,
  except: ReadonlySet<keyof SearchParams> = new Set(),
): { tests: string[]; values: SqlValue[] } {
  const tests: string[] = []
  const values: SqlValue[] = []
  for (const [name, test] of TESTS) {
    const value = params[name]
    if (value === null || except.has(name)) continue
    const counted = COUNTED[name]
    tests.push(counted ? `${test} = ?` : test)
    values.push(name === 'query' ? queryWords(value as string) : name === 'steps' ? textList(value) : value)
    if (counted) values.push(params[counted])
  }
  return { tests, values }
}

/** The words of an FTS5 expression of searchParams (`"w1"* "w2"*`), space-separated, for fv_prefix_query. */
function queryWords(expression: string): string {
  return [...expression.matchAll(/"([^"]*)"\*/g)].map((match) => match[1]).join(' ')
}

/** A JSON array of numbers as one of their JSON texts (steps are compared as the JSON value's text). */
function textList(value: SqlValue): string {
  return JSON.stringify((JSON.parse(value as string) as number[]).map(String))
}
