import type { MediaListView, MediaSortKey } from '../../../shared/contract'
import type { SqlEngine, SqlValue } from '../sql/sql-engine'
import { listColumns, listedOfRow, type ListedRow } from './media-list-columns'
import { FILTERS } from '../browse-model/filters'
import {
  SORT_COLUMNS,
  searchesNotes,
  type PageAfter,
  type PageRow,
  type SearchParams,
} from '../browse-model/search-params'
import type { WordShares } from './word-shares-postgres'

// A list filter's values: the JSON array SearchParams holds, bound as one value.
const LIST = `(SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)`
const NUMBERS = `(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value)`

// The words' prefix query, made once per statement (an uncorrelated subquery is an InitPlan): fv_prefix_query is
// STABLE, and as a plain call it was made again for every row a walk of the sort order tested (78–100 ms of a 1M
// hub's search for "caf" against 10–14 ms). It binds prefixQueryValues.
export const PREFIX_QUERY = '(SELECT fv_prefix_query(?, ?))'
// The words tested on a row's own copy of its searched text (`videos`, hub migration 0240; `collection_order`, 0480):
// a page that walks the order tests a few thousand rows, each read already, where a probe per row cost five times more.
const textTest = (row: 'v' | 'o') => `${row}.search_document @@ ${PREFIX_QUERY}`
// Up to this many text matches, a page starts from them and sorts them; past it, it walks the sort order.
const TEXT_DRIVE_MAX = 5_000
// A word the statistics say this share of assets holds (or more) is walked without counting its matches: the
// count reads every match (45 ms for a word on 8% of a million assets), the walk a page's worth of them.
const COMMON_SHARE = 0.02
/**
 * Keyset pages over a hub's `videos` (issue 34 point 2): the same pages, in the same order, as a library's
 * media-search.ts gives for the same parameters. A search whose matches are few starts from them (asset_search's
 * GIN index) and sorts them; one that matches many walks the sort index and tests each row, as a library's does
 * (the planner cannot tell a prefix query's matches beforehand: it walked 100,000 assets for a word on five). Which
 * one: walk when `shares` (the catalogue's statistics) say the one word is common, else count the matches.
 */
export function createPostgresPages(sql: SqlEngine, shares?: WordShares) {
  /**
   * Whether the text is one word the statistics say is common. Not two common words: they may seldom meet (a walk
   * of the whole order at a million assets), and counting what both match is cheap for the GIN index.
   */
  const common = async (query: string): Promise<boolean> => {
    const words = foldedWords(query)
    return shares !== undefined && words.length === 1 && (await shares.leastShare(sql, words)) >= COMMON_SHARE
  }
  /** Whether the text's matches are at most TEXT_DRIVE_MAX (counted no further). */
  const fewMatches = async (query: string): Promise<boolean> => {
    const counted = await sql.get<{ count: number }>(
      `SELECT count(*) AS count FROM (SELECT 1 FROM asset_search WHERE document @@ ${PREFIX_QUERY}
       LIMIT ${TEXT_DRIVE_MAX + 1}) AS m`,
      prefixQueryValues(query),
    )
    return counted!.count <= TEXT_DRIVE_MAX
  }
  return {
    async page(
      params: SearchParams,
      by: MediaSortKey,
      desc: boolean,
      after: PageAfter | null,
      limit: number,
      view: MediaListView = 'card',
    ): Promise<PageRow[]> {
      const column = SORT_COLUMNS[by]
      const dir = desc ? 'DESC' : 'ASC'
      const drive = params.query !== null && !(await common(params.query)) && (await fewMatches(params.query))
      const membersDrive = params.visibleIn !== null && !drive
      const { tests, values } = filterTests(params, membersDrive)
      const joinsRows = tests.length > 0
      const walked = membersDrive ? { key: `o.${column}`, id: 'o.video_id' } : { key: `v.${column}`, id: 'v.id' }
      if (params.query !== null && !drive) {
        tests.push(textTest(membersDrive ? 'o' : 'v'))
        values.push(...prefixQueryValues(params.query))
      }
      if (after) {
        tests.push(`(${walked.key}, ${walked.id} COLLATE "C") ${desc ? '<' : '>'} (?, ?)`)
        values.push(after.key, after.id)
      }
      const order = (key: string, id: string) => `ORDER BY ${key} ${dir}, ${id} COLLATE "C" ${dir}`
      let statement: string
      let bound: SqlValue[]
      if (membersDrive) {
        // A limited person's page (issue 60 point 3): each shared collection's first members in the order
        // (collection_order, hub migration 0480, which holds their words too; joined to their rows when a filter
        // tests them), then the page of them all, a member of two collections kept once. At a million assets with
        // 10,000 shared, a walk of the whole order passed ~20,000 rows of its index for a page of 200, and a probe of
        // each member's row for its words took 47 ms for a word on 8% of them.
        const members = `SELECT o.video_id, ${walked.key} AS sort_key FROM collection_order o
          ${joinsRows ? 'JOIN videos v ON v.id = o.video_id' : ''}
          WHERE ${[...tests, 'o.collection_id = c.collection_id'].join(' AND ')} ${order(walked.key, walked.id)} LIMIT ?`
        // The join reads the id as videos holds it: COLLATE "C" (the order's) would miss the primary key's index.
        statement = `SELECT ${listColumns(view)}, k.sort_key FROM (
            SELECT m.sort_key, m.video_id FROM ${NUMBERS} AS c (collection_id), LATERAL (${members}) AS m
            GROUP BY m.sort_key, m.video_id ${order('m.sort_key', 'm.video_id')} LIMIT ?
          ) AS k JOIN videos v ON v.id = k.video_id ${order('k.sort_key', 'k.video_id')}`
        bound = [params.visibleIn, ...values, limit, limit]
      } else {
        // The matches gathered first (MATERIALIZED: the planner may not fold them back into a walk of the order).
        const matches = drive
          ? `WITH m AS MATERIALIZED (SELECT video_id FROM asset_search WHERE document @@ ${PREFIX_QUERY}) `
          : ''
        const where = tests.length === 0 ? '' : `WHERE ${tests.join(' AND ')}`
        statement = `${matches}SELECT ${listColumns(view)}, ${walked.key} AS sort_key
          FROM ${drive ? 'm JOIN videos v ON v.id = m.video_id' : 'videos v'} ${where} ${order(walked.key, walked.id)} LIMIT ?`
        bound = [...(drive ? prefixQueryValues(params.query!) : []), ...values, limit]
      }
      const rows = await sql.all<ListedRow & { sort_key: string | number }>(statement, bound)
      return rows.map((row) => ({ ...listedOfRow(view, row), key: row.sort_key }))
    },
  }
}

/**
 * The tests of an asset `v` that the filters of `params` ask for (FILTERS), with their bound values in order; not the
 * person's scope when their shared members drive the page.
 */
function filterTests(params: SearchParams, membersDrive: boolean): { tests: string[]; values: SqlValue[] } {
  const tests: string[] = []
  const values: SqlValue[] = []
  for (const { name, kind, sql, count, pgValues } of FILTERS) {
    const value = params[name]
    if (value === null || (name === 'visibleIn' && membersDrive)) continue
    const list = pgValues === 'numbers' ? NUMBERS : LIST
    if (kind === 'test') tests.push(sql.postgres)
    else if (kind === 'list') tests.push(`${sql.postgres} IN ${list}`)
    else tests.push(`${sql.postgres.replace('{list}', list)} = ?`)
    values.push(pgValues === 'json-texts' ? textList(value) : value)
    if (count) values.push(params[count])
  }
  return { tests, values }
}

/**
 * What PREFIX_QUERY binds for an FTS5 expression of searchParams: its words, and the weights of the search document
 * they are looked for in ('D', what everyone may find, for who may not read notes; '' any: hub migration 0450).
 */
export function prefixQueryValues(expression: string): [words: string, weights: string] {
  return [queryWords(expression), searchesNotes(expression) ? '' : 'D']
}

/** The words of an FTS5 expression of searchParams (`"w1"* "w2"*`), space-separated, for fv_prefix_query. */
function queryWords(expression: string): string {
  return [...expression.matchAll(/"([^"]*)"\*/g)].map((match) => match[1]).join(' ')
}

/** The words of an FTS5 expression as fv_search_words folds them (diacritics gone, lower case), for the statistics. */
function foldedWords(expression: string): string[] {
  const folded = queryWords(expression)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
  return folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '')
}

/** A JSON array of numbers as one of their JSON texts (steps are compared as the JSON value's text). */
function textList(value: SqlValue): string {
  return JSON.stringify((JSON.parse(value as string) as number[]).map(String))
}
