import type { Database } from 'better-sqlite3'
import type { MediaSortKey } from '../../../shared/contract'
import { toAsset } from './media'
import { fromRowValues } from './media-row-columns'
import { pageFilters, pageSql, pageStatementCache, pageValues, type PageFilters, type Plan } from './media-page-sql'

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
  health: string | null
  collection: number | null
}

/** Where a keyset page starts: after the row with this sort key and id. */
export interface PageAfter {
  key: string | number
  id: string
}

/**
 * Keyset pages over `videos` with full-text search (migration 0060).
 * `textDriveMax` (tests only) fixes the line between the two text search plans, which otherwise follows the
 * library's size and the page's limit.
 */
export function createMediaSearchRepo(db: Database, { textDriveMax }: { textDriveMax?: number } = {}) {
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
  const choose = (params: SearchParams, filters: PageFilters, limit: number): Plan => {
    const text = params.query !== null
    const cap = text ? textCap(limit) : 0
    if (text && (textMatchesStmt.get(params.query!, Math.min(Math.max(cap, -1), 2 ** 40) + 1) ?? 0) <= cap) {
      return { driver: 'fts', driveTag: null, text: false }
    }
    if (params.health !== null) return { driver: 'health', driveTag: null, text }
    // A small collection drives as a rare tag does; of a tag and a collection, the smaller one.
    const members = params.collection === null ? Infinity : (collectionSizeStmt.get(params.collection) ?? 0)
    const otherwise = { driver: members <= TAG_DRIVE_MAX ? 'collection' : 'index', driveTag: null, text } as const
    if (filters.tags === null) return otherwise
    const [rarest] = filters
      .tags!.map((name) => ({ name, uses: tagUsesStmt.get(name) ?? 0 }))
      .sort((a, b) => a.uses - b.uses)
    return rarest!.uses <= Math.min(TAG_DRIVE_MAX, members)
      ? { driver: 'tag', driveTag: rarest!.name, text }
      : otherwise
  }
  return {
    /** One page in (sort key, id) order; `after` continues from a previous page's last row. */
    page(params: SearchParams, by: MediaSortKey, desc: boolean, after: PageAfter | null, limit: number) {
      const filters = pageFilters(params)
      const plan = choose(params, filters, limit)
      return pageStatement(by, desc, after !== null, plan, filters)
        .all(pageValues(params, filters, plan.driveTag, after, limit))
        .map((values) => {
          const { row, rest } = fromRowValues(values)
          return { asset: toAsset(row), key: rest[0] as string | number }
        })
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

// Up to this many assets on a tag, sorting them beats walking the sort index past the others.
export const TAG_DRIVE_MAX = 20_000
// Fetching and sorting m text matches costs about 5 µs each; walking the sort index with the text tested per
// row reads about limit × library ÷ m rows at about 1 µs each (measured at 100,000 and 1,000,000 assets). The
// walk wins once m² > limit × library × this ratio: past ~6,300 matches at a million assets and a 200-row page.
const WALK_ROW_PER_MATCH = 0.2
