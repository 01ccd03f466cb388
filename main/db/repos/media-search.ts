import type { Database } from 'better-sqlite3'
import type { MediaListView, MediaSortKey } from '../../../shared/contract'
import type { PageAfter, PageRow, SearchParams } from '../browse-model/search-params'
import { eachInteger } from './integer-list'
import { listedOfValues, type Listed } from './media-list-columns'
import {
  listedSql,
  pageFilters,
  passingSql,
  pageSql,
  pageStatementCache,
  pageValues,
  placeSql,
  statementCache,
  windowSql,
  type Driver,
  type PageFilters,
  type Plan,
} from './media-page-sql'
import { registerTextMarks, withTextMarks, type TextMarker } from './media-text-marks'

/**
 * Keyset pages over `videos` with full-text search (migration 0060).
 * `textDriveMax` (tests only) fixes the line between the two text search plans, which otherwise follows the
 * library's size and the page's limit; `textWindow` (tests only) the first window of a text walk in memory, and
 * how far into the import order its windows are marked one by one.
 */
export function createMediaSearchRepo(
  db: Database,
  { textDriveMax, textWindow }: { textDriveMax?: number; textWindow?: { first: number; most: number } } = {},
) {
  const pageStatement = pageStatementCache((sql) => db.prepare<unknown[], unknown[]>(sql).raw())
  // Counted only up to one past the cap: whether a tag may drive is all that is asked, and a dense tag has many uses.
  const tagUsesStmt = db
    .prepare<[string], number>(
      `SELECT count(*) FROM (SELECT 1 FROM tags t JOIN asset_tags a ON a.tag_id = t.id WHERE t.name = ? LIMIT ${TAG_DRIVE_MAX + 1})`,
    )
    .pluck()
  const collectionSizeStmt = db
    .prepare<[number], number>(
      `SELECT count(*) FROM (SELECT 1 FROM collection_items WHERE collection_id = ? LIMIT ${TAG_DRIVE_MAX + 1})`,
    )
    .pluck()
  const nearDuplicatesStmt = db
    .prepare<[], number>(`SELECT count(*) FROM (SELECT 1 FROM near_duplicate_assets LIMIT ${TAG_DRIVE_MAX + 1})`)
    .pluck()
  // Counted only up to one past the cap, as a tag's uses are: a common word matches a tenth of the library.
  const textMatchesStmt = db
    .prepare<[string, number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM videos_fts WHERE videos_fts MATCH ? LIMIT ?)',
    )
    .pluck()
  /**
   * Which table drives a page, the tag it starts from (the rarest asked for) if a tag drives, and
   * whether the text query is tested per row (when its matches are too many to drive).
   */
  // The highest FTS key (the last entry of an index) stands for the library's size: high after deletes, close enough.
  const libraryRowsStmt = db.prepare<[], number>('SELECT coalesce(max(fts_rowid), 0) FROM videos_fts_keys').pluck()
  const textCap = (limit: number) =>
    textDriveMax ?? Math.ceil(Math.sqrt(limit * (libraryRowsStmt.get() ?? 0) * WALK_ROW_PER_MATCH))
  const choose = (params: SearchParams, filters: PageFilters, limit: number, matches?: number): Plan => {
    const text = params.query !== null
    const cap = text ? textCap(limit) : 0
    const counted = () => textMatchesStmt.get(params.query!, Math.min(Math.max(cap, -1), 2 ** 40) + 1) ?? 0
    if (text && (matches ?? counted()) <= cap) return basePlan('fts', null, false)
    if (params.health !== null) return basePlan('health', null, text)
    // A small collection, or few assets with near-duplicates, drive as a rare tag does; of these, the smallest.
    const members = params.collection === null ? Infinity : (collectionSizeStmt.get(params.collection) ?? 0)
    const grouped = params.hasNearDuplicates === 1 ? (nearDuplicatesStmt.get() ?? 0) : Infinity
    const fewest = Math.min(members, grouped)
    const smaller: Driver = grouped < members ? 'nearDuplicates' : 'collection'
    const otherwise = basePlan(fewest <= TAG_DRIVE_MAX ? smaller : 'index', null, text)
    if (filters.tags === null) return otherwise
    const [rarest] = filters
      .tags!.map((name) => ({ name, uses: tagUsesStmt.get(name) ?? 0 }))
      .sort((a, b) => a.uses - b.uses)
    return rarest!.uses <= Math.min(TAG_DRIVE_MAX, fewest) ? basePlan('tag', rarest!.name, text) : otherwise
  }
  registerTextMarks(db)
  const windowStatement = statementCache((sql) => db.prepare<unknown[], Buffer | null>(sql).pluck())
  const placeStatement = statementCache((sql) => db.prepare<unknown[], unknown[]>(sql).raw())
  const listedStatement = statementCache((sql) => db.prepare<unknown[], unknown[]>(sql).raw())
  const passingStatement = statementCache((sql) => db.prepare<unknown[], number>(sql).pluck())
  // A window's rowids, in a list kept from window to window (a fresh one of thousands each time was garbage).
  let windowRows = new Int32Array(WINDOW_ROWS_MOST)
  /**
   * The rowids of the next `size` assets of the order after `after`, in order, from `orders` when they hold it, else
   * from its sort index; good until the next window.
   */
  const windowOf = (
    by: MediaSortKey,
    desc: boolean,
    after: PageAfter | null,
    size: number,
    orders: OrderWindows | null,
  ): Int32Array => {
    const held = orders?.window(by, desc, after, size)
    if (held) return held
    if (size > windowRows.length) windowRows = new Int32Array(size)
    const values = { afterKey: after?.key ?? null, afterId: after?.id ?? null, limit: size }
    const stmt = windowStatement(`${by}:${desc}:${after !== null}`, () => windowSql(by, desc, after !== null))
    let count = 0
    eachInteger(stmt.get(values) ?? null, (rowid) => {
      windowRows[count++] = rowid
    })
    return windowRows.subarray(0, count)
  }
  /** One page statement's rows; tested against `marks` (the marked plans), told their columns by `hitColumns`. */
  const run = (page: PageAsked, plan: Plan, marks: Uint8Array | null, hitColumns?: HitColumns) => {
    const { params, filters, by, desc, after, limit, view } = page
    return withTextMarks(marks, () =>
      pageStatement(view, by, desc, after !== null, plan, filters)
        .all(pageValues(params, filters, plan.driveTag, after, limit))
        .map((values) => {
          const { rest, ...listed } = listedOfValues(view, values)
          return pageRow(listed, rest[0] as string | number, rest[1] as number, hitColumns)
        }),
    )
  }
  /** The page rows of these assets, in the order of their rowids, told their columns by `hitColumns`. */
  const listed = ({ by, view }: PageAsked, rowids: readonly number[], hitColumns?: HitColumns): PageRow[] =>
    listedStatement(`${view}:${by}`, () => listedSql(view, by))
      .all({ rowids: JSON.stringify(rowids) })
      .map((values) => listedOfValues(view, values))
      // Read in the list's order as SQLite walks it, which no SQL promises: put in order by each row's place.
      .sort((a, b) => (a.rest[1] as number) - (b.rest[1] as number))
      .map(({ rest, ...row }) => pageRow(row, rest[0] as string | number, rowids[rest[1] as number]!, hitColumns))
  /** Those of these assets (rowids in order) that pass the page's filters other than text, in order. */
  const passing = ({ params, filters }: PageAsked, rowids: readonly number[]): number[] => {
    if (filters.key === '') return [...rowids]
    const values = { ...pageValues(params, filters, null, null, 0), rowids: JSON.stringify(rowids) }
    const places = passingStatement(filters.key, () => passingSql(filters)).all(values)
    return places.sort((a, b) => a - b).map((place) => rowids[place]!)
  }
  /**
   * A text walk of the sort order in memory: the order's rowids are read from its index in windows (the next
   * rows after the last, `first` of them, then twice as many each time they hold too few), tested against the
   * marks `marksOf` gives for each window, and only the matches' rows are read, their other filters tested first.
   * The same page as a walk of the sort index testing TEXT_MARKED per row, cheaper: a window's rowids cost
   * ~0.15 µs each where a SQL function call per walked row cost ~0.3 µs, and a window ends without a second
   * walk to find its last row's place (a common word's page newest first at 1M assets: 3.5 ms CPU -> 2.7 ms, with
   * rows built as literals, media-row-columns.ts).
   */
  const markedWalk = (
    page: PageAsked,
    marksOf: (rowids: Int32Array, reach: number) => Uint8Array,
    first = page.limit * WINDOW_ROWS_PER_ROW,
    hitColumns?: HitColumns,
    orders: OrderWindows | null = null,
  ) => {
    const { by, desc, limit, filters } = page
    // Without other filters every match is a row of the page: no more are read than it lacks.
    const everyMatch = filters.key === ''
    const rows: PageRow[] = []
    let after = page.after
    let reach = 0
    for (let size = textWindow?.first ?? first; ; size = Math.min(size * 2, WINDOW_ROWS_MOST)) {
      const rowids = windowOf(by, desc, after, size, orders)
      if (rowids.length === 0) return rows
      reach += rowids.length
      const marks = marksOf(rowids, reach)
      const matches: number[] = []
      for (let i = 0; i < rowids.length; i++) {
        const rowid = rowids[i]!
        if (marks[rowid] !== 1) continue
        matches.push(rowid)
        if (everyMatch && rows.length + matches.length === limit) break
      }
      const found = matches.length === 0 ? [] : passing(page, matches).slice(0, limit - rows.length)
      if (found.length > 0) rows.push(...listed(page, found, hitColumns))
      if (rows.length === limit || rowids.length < size) return rows
      const place = placeStatement(by, () => placeSql(by))
      const [key, id] = place.get({ rowid: rowids.at(-1)! }) as [string | number, string]
      after = { key, id }
    }
  }
  return {
    /**
     * One page in (sort key, id) order; `after` continues from a previous page's last row. `marker`
     * (the facet index's, once read) lets a text query walk against marks instead of the text index, and
     * `orders` give that walk's windows of an order other than import's from memory; `view` says whether the rows
     * hold list items or whole records. A text walk may run several statements: call it inside a read transaction,
     * as media:list does.
     */
    page(
      params: SearchParams,
      by: MediaSortKey,
      desc: boolean,
      after: PageAfter | null,
      limit: number,
      marker?: TextMarker | null,
      orders?: OrderWindows | null,
      view: MediaListView = 'card',
    ) {
      const page: PageAsked = { params, filters: pageFilters(params), by, desc, after, limit, view }
      if (params.query !== null && marker && by !== WINDOWED_ORDER) {
        // Every match is marked anyway: their number chooses the plan (a count of its own reads them once more).
        const { marks, count, hitColumns } = marker.all(params.query)
        const plan = choose(params, page.filters, limit, count)
        // Other filters read each walked row's table row anyway: the SQL walk stops where the page fills, while
        // windows sized for the text alone overshoot (a page of a common word, video, 30 s or more: 5 ms against 8).
        if (plan.text && plan.driver === 'index' && page.filters.key === '') {
          // As many rows as hold the page's matches at the library's density of them, and a margin for unevenness.
          const library = libraryRowsStmt.get() ?? 0
          const first = Math.min(Math.ceil((limit * library * WINDOW_MARGIN) / Math.max(count, 1)), WINDOW_ROWS_MOST)
          return markedWalk(page, () => marks, Math.max(first, limit), hitColumns, orders)
        }
        return plan.text ? run(page, { ...plan, marked: true }, marks, hitColumns) : run(page, plan, null)
      }
      const plan = choose(params, page.filters, limit)
      if (!plan.text || !marker) return run(page, plan, null)
      if (plan.driver !== 'index') {
        const { marks, hitColumns } = marker.all(params.query!)
        return run(page, { ...plan, marked: true }, marks, hitColumns)
      }
      // Windows in import order are narrow ranges of the text index (see WINDOWED_ORDER): each marks its own
      // matches, until one spreads too wide or the walk reaches past a share of the library; then all are marked.
      const most = textWindow?.most ?? (libraryRowsStmt.get() ?? 0) / WINDOW_MAX_SHARE
      let every: Uint8Array | null = null
      const marksOf = (rowids: Int32Array, reach: number) =>
        every ??
        (reach <= most ? marker.among(params.query!, rowids) : null) ??
        (every = marker.all(params.query!).marks)
      return markedWalk(page, marksOf)
    },
    /** The query plan of a page statement, one line per step (for tests and the bench). */
    explainPage(params: SearchParams, by: MediaSortKey, desc: boolean, after: PageAfter | null, limit = 100): string[] {
      const filters = pageFilters(params)
      const plan = choose(params, filters, limit)
      return db
        .prepare<unknown[], { detail: string }>(
          `EXPLAIN QUERY PLAN ${pageSql('card', by, desc, after !== null, plan, filters)}`,
        )
        .all(pageValues(params, filters, plan.driveTag, after, 1))
        .map((row) => row.detail)
    },
  }
}
export type MediaSearchRepo = ReturnType<typeof createMediaSearchRepo>

/**
 * Windows of a sort order held in memory (main/services/browse/sort-orders.ts): the rowids of the next `size` assets
 * after `after` as the sort index gives them, or null when they are not held.
 */
export interface OrderWindows {
  window(by: MediaSortKey, desc: boolean, after: PageAfter | null, size: number): Int32Array | null
}

/** The text index's columns holding the searched word, by videos rowid (TextMarker's `all`); 0 when not told. */
type HitColumns = (rowid: number) => number

/** A page row of a listed row, its sort key and rowid; told the columns holding the word when they are known. */
function pageRow(row: Listed, key: string | number, rowid: number, hitColumns?: HitColumns): PageRow {
  const found: PageRow = { asset: row.asset, key, notes: row.notes, originalPath: row.originalPath }
  const columns = hitColumns?.(rowid) ?? 0
  if (columns > 0) found.hitColumns = columns
  return found
}

/** A plan whose text test, if any, asks the text index. */
function basePlan(driver: Driver, driveTag: string | null, text: boolean): Plan {
  return { driver, driveTag, text, marked: false }
}

/** What one page asks for. */
interface PageAsked {
  params: SearchParams
  filters: PageFilters
  by: MediaSortKey
  desc: boolean
  after: PageAfter | null
  limit: number
  view: MediaListView
}

// Up to this many assets on a tag, sorting them beats walking the sort index past the others.
export const TAG_DRIVE_MAX = 20_000
// Fetching and sorting m text matches costs about 5 µs each; walking the sort index with the text tested per
// row reads about limit × library ÷ m rows at about 1 µs each (measured at 100,000 and 1,000,000 assets). The
// walk wins once m² > limit × library × this ratio: past ~6,300 matches at a million assets and a 200-row page.
const WALK_ROW_PER_MATCH = 0.2
// Full-text rowids are handed out as assets are imported: only windows of this order can be narrow ranges of the
// text index (text walks in other orders mark every match at once).
const WINDOWED_ORDER: MediaSortKey = 'imported'
// A text walk's first window holds this many rows of the order per row of the page (a word on one asset in
// sixteen fills it); in import order, windows are marked one by one until the walk reaches this share of the
// library (past it, every match is marked).
const WINDOW_ROWS_PER_ROW = 16
const WINDOW_MAX_SHARE = 4
// A walk against every match marked starts with this many times the rows that hold a page's matches on average.
const WINDOW_MARGIN = 3
// Windows stop doubling at this many rows (a list of about half a megabyte).
const WINDOW_ROWS_MOST = 65_536
