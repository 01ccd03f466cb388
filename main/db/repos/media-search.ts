import type { Database, Statement } from 'better-sqlite3'
import type { MediaSortKey } from '../../../shared/contract'
import { toAsset } from './media'
import { eachInteger } from './integer-list'
import { fromRowValues } from './media-row-columns'
import {
  pageFilters,
  pageSql,
  pageStatementCache,
  pageValues,
  windowSql,
  type Driver,
  type PageFilters,
  type Plan,
} from './media-page-sql'
import { registerTextMarks, withTextMarks, type TextMarker } from './media-text-marks'

/**
 * Bound values of one search. List filters are JSON arrays (a page statement binds each value on
 * its own, see media-page-sql.ts); null means "no such filter".
 */
export interface SearchParams {
  query: string | null
  mediaType: string | null
  sourceType: string | null
  status: string | null
  codec: string | null
  container: string | null
  orientation: string | null
  minWidth: number | null
  maxWidth: number | null
  minHeight: number | null
  maxHeight: number | null
  minDuration: number | null
  maxDuration: number | null
  minSize: number | null
  maxSize: number | null
  importedFrom: string | null
  importedTo: string | null
  tags: string | null
  tagCount: number | null
  minRating: number | null
  hasAudio: number | null
  /** 1: only assets with near-duplicates; 0: only the others. */
  hasNearDuplicates: number | null
  health: string | null
  collection: number | null
  provider: string | null
  model: string | null
  sampler: string | null
  steps: string | null
  /** LoRA names (JSON), all required, and how many. */
  loras: string | null
  loraCount: number | null
  hasWorkflow: number | null
  /** 1: members of stacks whose head is in the library are left out. */
  collapseStacks: number | null
}

/** Where a keyset page starts: after the row with this sort key and id. */
export interface PageAfter {
  key: string | number
  id: string
}

/**
 * Keyset pages over `videos` with full-text search (migration 0060).
 * `textDriveMax` (tests only) fixes the line between the two text search plans, which otherwise follows the
 * library's size and the page's limit; `textWindow` (tests only) the first and largest window of a text walk.
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
  const windowStatements = new Map<string, Statement<unknown[], unknown>>()
  const windowStatement = (by: MediaSortKey, desc: boolean, after: boolean, part: 'rowids' | 'end') => {
    const key = `${by}:${desc}:${after}:${part}`
    let stmt = windowStatements.get(key)
    if (!stmt) {
      stmt = db.prepare<unknown[], unknown>(windowSql(by, desc, after, part)).raw()
      windowStatements.set(key, stmt)
    }
    return stmt
  }
  /** The rowids of the next `size` assets of the order, and the last one's place (null: the order ends first). */
  const windowOf = ({ by, desc, after }: PageAsked, size: number) => {
    const values = { afterKey: after?.key ?? null, afterId: after?.id ?? null, limit: size }
    const rowids: number[] = []
    const [list] = windowStatement(by, desc, after !== null, 'rowids').get(values) as [Buffer | null]
    eachInteger(list, (rowid) => rowids.push(rowid))
    const end = windowStatement(by, desc, after !== null, 'end').get(values) as [string | number, string] | undefined
    return { rowids, until: end ? { key: end[0], id: end[1] } : null }
  }
  const run = (page: PageAsked, plan: Plan, marks: Uint8Array | null, until: PageAfter | null = null) => {
    const { params, filters, by, desc, after, limit } = page
    return withTextMarks(marks, () =>
      pageStatement(by, desc, after !== null, plan, filters)
        .all(pageValues(params, filters, plan.driveTag, after, limit, until))
        .map((values) => {
          const { row, rest } = fromRowValues(values)
          return { asset: toAsset(row), key: rest[0] as string | number }
        }),
    )
  }
  /**
   * A sort index walk with the text tested against marks, marking only the matches among a window of the
   * order: the next rows after the cursor, as many as the page should need, twice as many each time they
   * hold too few. In a library whose full-text rowids follow the order (newest first: rowids are handed out
   * as assets are imported), a window's matches are a narrow range of the text index, read in well under a
   * millisecond where all the matches of a common word take five. Null when the window's text rows spread
   * too wide (a library that does not follow its import order): then all are marked.
   */
  const windowedPage = (page: PageAsked, plan: Plan, marker: TextMarker) => {
    const { limit } = page
    const most = textWindow?.most ?? (libraryRowsStmt.get() ?? 0) / WINDOW_MAX_SHARE
    for (let size = textWindow?.first ?? limit * WINDOW_ROWS_PER_ROW; size <= most; size *= 2) {
      const { rowids, until } = windowOf(page, size)
      const found = marker.among(page.params.query!, rowids)
      if (found === null) return null
      // A window that reaches the end of the order needs no bound.
      const rows = run(page, { ...plan, marked: true, until: until !== null }, found, until)
      if (rows.length === limit || until === null) return rows
    }
    return null
  }
  return {
    /**
     * One page in (sort key, id) order; `after` continues from a previous page's last row. `marker`
     * (the facet index's, once read) lets a text query walk against marks instead of the text index.
     */
    page(
      params: SearchParams,
      by: MediaSortKey,
      desc: boolean,
      after: PageAfter | null,
      limit: number,
      marker?: TextMarker | null,
    ) {
      const page: PageAsked = { params, filters: pageFilters(params), by, desc, after, limit }
      if (params.query !== null && marker && by !== WINDOWED_ORDER) {
        // Every match is marked anyway: their number chooses the plan (a count of its own reads them once more).
        const { marks, count } = marker.all(params.query)
        const plan = choose(params, page.filters, limit, count)
        return run(page, plan.text ? { ...plan, marked: true } : plan, plan.text ? marks : null)
      }
      const plan = choose(params, page.filters, limit)
      if (!plan.text || !marker) return run(page, plan, null)
      const windowed = plan.driver === 'index' ? windowedPage(page, plan, marker) : null
      return windowed ?? run(page, { ...plan, marked: true }, marker.all(params.query!).marks)
    },
    /** The query plan of a page statement, one line per step (for tests and the bench). */
    explainPage(params: SearchParams, by: MediaSortKey, desc: boolean, after: PageAfter | null, limit = 100): string[] {
      const filters = pageFilters(params)
      const plan = choose(params, filters, limit)
      return db
        .prepare<unknown[], { detail: string }>(
          `EXPLAIN QUERY PLAN ${pageSql(by, desc, after !== null, plan, filters)}`,
        )
        .all(pageValues(params, filters, plan.driveTag, after, 1))
        .map((row) => row.detail)
    },
  }
}
export type MediaSearchRepo = ReturnType<typeof createMediaSearchRepo>

/** A plan whose text test, if any, asks the text index. */
function basePlan(driver: Driver, driveTag: string | null, text: boolean): Plan {
  return { driver, driveTag, text, marked: false, until: false }
}

/** What one page asks for. */
interface PageAsked {
  params: SearchParams
  filters: PageFilters
  by: MediaSortKey
  desc: boolean
  after: PageAfter | null
  limit: number
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
// sixteen fills it), and windows stop growing at this share of the library (past it, mark every match).
const WINDOW_ROWS_PER_ROW = 16
const WINDOW_MAX_SHARE = 4
