import type { MediaListView, MediaSortKey } from '../../../shared/contract'
import { FILTERS } from '../browse-model/filters'
import { listColumns } from './media-list-columns'
import { SORT_COLUMNS, type PageAfter, type SearchParams } from '../browse-model/search-params'
import { TEXT_MARKED_FUNCTION } from './media-text-marks'

/**
 * What a page statement starts from. `index`: the sort index is walked and filters are tested
 * per row, so a page reads about `limit` rows when the filters leave many. `fts`: the text
 * match drives and only the matches are sorted. `tag`: the assets of the rarest tag asked for
 * drive and are sorted, for tags on few assets, where walking the sort index would read most
 * of the table to fill a page. `health`: the few flagged assets (migration 0080's partial index)
 * drive and are sorted. `collection`: a collection's members drive, as a rare tag's do, and so do
 * `nearDuplicates`, the assets with near-duplicates (migration 0250). CROSS JOIN fixes the order so
 * the planner cannot turn it round. A text walk's rows found in memory are read by `listedSql` instead.
 */
export type Driver = 'index' | 'fts' | 'tag' | 'health' | 'collection' | 'nearDuplicates'
/**
 * A page's driver, the tag it starts from (the rarest asked for) if a tag drives, whether text is tested
 * per row, and whether that test reads the matches marked in memory (TEXT_MARKED) or asks the text index.
 */
export interface Plan {
  driver: Driver
  driveTag: string | null
  text: boolean
  marked: boolean
}

type ListValue = string | number
// A page statement holds the tests of the filters asked for only (FILTERS, browse-model/filters.ts), each list as one
// placeholder per value: `IN (SELECT value FROM json_each(@x))` behind `@x IS NULL OR` cost a test of every filter,
// asked for or not, on every walked row. Unary plus (in FILTERS' SQLite expressions) keeps the planner off other
// indexes (videos_stats, videos_facets): with bound values in sight it would drive from one and sort every row it
// finds instead of walking the order.
// The filter a driver answers by itself: every row it starts from passes it, so it is not tested again.
const DRIVER_FILTERS: Partial<Record<Driver, string>> = { health: 'health', nearDuplicates: 'hasNearDuplicates' }
// Most statements kept; past this many filter shapes the cache starts again (a shape is re-prepared in well under 1 ms).
const MAX_STATEMENTS = 500

/** The filters a page asks for, as its statement's shape (which tests, how many values per list) and bound values. */
export interface PageFilters {
  key: string
  /** The list and counted filters asked for, by name, and their values. */
  lists: Partial<Record<keyof SearchParams, ListValue[]>>
  scalars: ReadonlySet<string>
  /** The tags asked for (a page may start from the rarest). */
  tags: string[] | null
}

/** Reads the filters present in `params` (list filters are JSON arrays there, as the facet statements bind them). */
export function pageFilters(params: SearchParams): PageFilters {
  const lists: PageFilters['lists'] = {}
  const scalars = new Set<string>()
  const key: string[] = []
  for (const { name, kind } of FILTERS) {
    const value = params[name]
    if (value === null) continue
    if (kind === 'test') {
      scalars.add(name)
      key.push(name)
    } else {
      const list = JSON.parse(value as string) as ListValue[]
      lists[name] = list
      key.push(`${name}${list.length}`)
    }
  }
  return { key: key.join(','), lists, scalars, tags: (lists.tags as string[] | undefined) ?? null }
}

/** Bound values of a page statement: the scalar filters as named, each list value as its own placeholder. */
export function pageValues(
  params: SearchParams,
  filters: PageFilters,
  driveTag: string | null,
  after: PageAfter | null,
  limit: number,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    ...params,
    driveTag,
    limit,
    afterKey: after?.key ?? null,
    afterId: after?.id ?? null,
  }
  for (const [name, list] of Object.entries(filters.lists)) list.forEach((value, i) => (values[`${name}_${i}`] = value))
  return values
}

/** Prepares a statement per key on first use and keeps it (past MAX_STATEMENTS the cache starts again). */
export function statementCache<S>(prepare: (sql: string) => S) {
  const statements = new Map<string, S>()
  return (key: string, sql: () => string): S => {
    let stmt = statements.get(key)
    if (!stmt) {
      if (statements.size >= MAX_STATEMENTS) statements.clear()
      stmt = prepare(sql())
      statements.set(key, stmt)
    }
    return stmt
  }
}

/** Prepares a page statement per (view, sort, direction, cursor, plan, filter shape) on first use and keeps it. */
export function pageStatementCache<S>(prepare: (sql: string) => S) {
  const cached = statementCache(prepare)
  return (view: MediaListView, by: MediaSortKey, desc: boolean, after: boolean, plan: Plan, filters: PageFilters): S =>
    cached(`${view}:${by}:${desc}:${after}:${plan.driver}:${plan.text}:${plan.marked}:${filters.key}`, () =>
      pageSql(view, by, desc, after, plan, filters),
    )
}

// A walked row's FTS rowid (one probe of the keys' unique index, from the id the sort index holds) against
// the matches' rowids, gathered once per statement as integers straight from FTS. Gathering the asset ids
// instead costs a key lookup per match, and the planner then drives from that list and sorts it all.
const TEXT_FILTER = `(SELECT k.fts_rowid FROM videos_fts_keys k WHERE k.asset_id = v.id)
    IN (SELECT rowid FROM videos_fts WHERE videos_fts MATCH @query)`

// The same test against the matches marked by videos rowid in memory (media-text-marks.ts): a walked row
// costs one call, with neither the key probe nor the matches' temporary index (7 ms for 80,000 matches).
const TEXT_MARKED = `${TEXT_MARKED_FUNCTION}(v.rowid)`

/**
 * The SQL of one page statement: each row's columns of the view, its sort key and its rowid (the marks a text walk
 * told are by rowid).
 */
export function pageSql(
  view: MediaListView,
  by: MediaSortKey,
  desc: boolean,
  after: boolean,
  plan: Plan,
  filters: PageFilters,
): string {
  const column = SORT_COLUMNS[by]
  const dir = desc ? 'DESC' : 'ASC'
  const health = filters.lists.health ?? []
  const from = {
    // Named: bound values in sight, the planner must not prefer another index and sort (see FILTERS).
    index: `videos v INDEXED BY videos_${column}`,
    health: `videos v INDEXED BY videos_health WHERE v.health IN (${placeholders('health', health.length)})`,
    fts: `videos_fts f CROSS JOIN videos_fts_keys k CROSS JOIN videos v
       WHERE videos_fts MATCH @query AND k.fts_rowid = f.rowid AND v.id = k.asset_id`,
    tag: `tags t0 CROSS JOIN asset_tags a0 CROSS JOIN videos v
       WHERE t0.name = @driveTag AND a0.tag_id = t0.id AND v.id = a0.asset_id`,
    collection: `collection_items c0 CROSS JOIN videos v WHERE c0.collection_id = @collection AND v.id = c0.video_id`,
    nearDuplicates: `near_duplicate_assets n0 CROSS JOIN videos v WHERE v.id = n0.asset_id`,
  }[plan.driver]
  const tests = filterTests(filters, DRIVER_FILTERS[plan.driver])
  if (plan.text) tests.push(plan.marked ? TEXT_MARKED : TEXT_FILTER)
  if (after) tests.push(`(v.${column}, v.id) ${desc ? '<' : '>'} (@afterKey, @afterId)`)
  const where = tests.length === 0 ? '' : `${from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${tests.join(' AND ')}`
  return `SELECT ${listColumns(view)}, v.${column} AS sort_key, v.rowid FROM ${from}${where}
          ORDER BY v.${column} ${dir}, v.id ${dir} LIMIT @limit`
}

/**
 * Of the assets listed in `@rowids` (a JSON array of videos rowids), those that pass the page's filters other than
 * text, as their places in the list: a text walk finds its matches in memory (media-search.ts), and a match's
 * filters cost a probe of its row (0.4 µs) where reading the row out costs ten times that.
 */
export function passingSql(filters: PageFilters): string {
  const tests = filterTests(filters, undefined).map((test) => ` AND ${test}`)
  return `SELECT j.key FROM json_each(@rowids) j CROSS JOIN videos v WHERE v.rowid = j.value${tests.join('')}`
}

/**
 * The page rows (the view's columns) of the assets listed in `@rowids`, with their sort key and place in the list (`j.key`). Not sorted
 * here: a temporary B-tree copied every wide row to sort rows the list already has in order.
 */
export function listedSql(view: MediaListView, by: MediaSortKey): string {
  return `SELECT ${listColumns(view)}, v.${SORT_COLUMNS[by]} AS sort_key, j.key
          FROM json_each(@rowids) j CROSS JOIN videos v WHERE v.rowid = j.value`
}

/**
 * The next `@limit` assets of the order after the cursor, unfiltered, as one list of rowids (integer-list.ts): a
 * window of the order whose rows a text walk tests against its marks (media-search.ts). Reads the sort index alone.
 */
export function windowSql(by: MediaSortKey, desc: boolean, after: boolean): string {
  const column = SORT_COLUMNS[by]
  const dir = desc ? 'DESC' : 'ASC'
  return `SELECT CAST(group_concat(rowid) AS BLOB) FROM (SELECT v.rowid FROM videos v INDEXED BY videos_${column}${
    after ? ` WHERE (v.${column}, v.id) ${desc ? '<' : '>'} (@afterKey, @afterId)` : ''
  } ORDER BY v.${column} ${dir}, v.id ${dir} LIMIT @limit)`
}

/** The sort key and id of the asset of rowid `@rowid`: where the window after it starts. */
export function placeSql(by: MediaSortKey): string {
  return `SELECT v.${SORT_COLUMNS[by]}, v.id FROM videos v WHERE v.rowid = @rowid`
}

/** The tests of the filters asked for, but the one the driver answers by itself. */
function filterTests(filters: PageFilters, driven: string | undefined): string[] {
  const tests: string[] = []
  for (const { name, kind, sql, count } of FILTERS) {
    const list = filters.lists[name]
    if (name === driven || (kind === 'test' ? !filters.scalars.has(name) : !list)) continue
    const values = list ? `(${placeholders(name, list.length)})` : ''
    if (kind === 'test') tests.push(sql.sqlite.replaceAll('?', `@${name}`))
    else if (kind === 'list') tests.push(`${sql.sqlite} IN ${values}`)
    else tests.push(`@${count} = ${sql.sqlite.replace('{list}', values)}`)
  }
  return tests
}

function placeholders(name: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `@${name}_${i}`).join(', ')
}
