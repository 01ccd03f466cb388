import type { Database, Statement } from 'better-sqlite3'
import type { MediaSortKey } from '../../../shared/contract'
import { toAsset, type VideoRow } from './media'
import { ROW_COLUMNS } from './media-row-columns'

/**
 * Bound values of one search. List filters are JSON arrays (read with json_each), so one
 * statement serves any number of values; null means "no such filter".
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

/** The indexed NOT NULL sort column of each sort (see migration 0060). */
const SORT_COLUMNS: Record<MediaSortKey, string> = {
  imported: 'sort_imported',
  name: 'sort_name',
  duration: 'sort_duration',
  size: 'sort_size',
  resolution: 'sort_pixels',
}

// Every condition is "no filter or it holds", so one constant text serves every filter state;
// only bound values come from the user. The facet filters (counted per value) come first.
const FACET_FILTERS = `
  (@mediaType IS NULL OR v.media_type IN (SELECT value FROM json_each(@mediaType)))
  AND (@sourceType IS NULL OR v.source_type IN (SELECT value FROM json_each(@sourceType)))
  AND (@status IS NULL OR v.status IN (SELECT value FROM json_each(@status)))
  AND (@codec IS NULL OR v.codec IN (SELECT value FROM json_each(@codec)))
  AND (@container IS NULL OR v.container IN (SELECT value FROM json_each(@container)))
  AND (@orientation IS NULL OR v.orientation IN (SELECT value FROM json_each(@orientation)))
  AND (@minRating IS NULL OR v.rating >= @minRating)
  AND (@hasAudio IS NULL OR v.has_audio = @hasAudio)`
const OTHER_FILTERS = `
  (@health IS NULL OR v.health IN (SELECT value FROM json_each(@health)))
  AND (@minWidth IS NULL OR v.width >= @minWidth) AND (@maxWidth IS NULL OR v.width <= @maxWidth)
  AND (@minHeight IS NULL OR v.height >= @minHeight) AND (@maxHeight IS NULL OR v.height <= @maxHeight)
  AND (@minDuration IS NULL OR v.duration_seconds >= @minDuration)
  AND (@maxDuration IS NULL OR v.duration_seconds <= @maxDuration)
  AND (@minSize IS NULL OR v.size_bytes >= @minSize) AND (@maxSize IS NULL OR v.size_bytes <= @maxSize)
  AND (@importedFrom IS NULL OR v.sort_imported >= @importedFrom)
  AND (@importedTo IS NULL OR v.sort_imported <= @importedTo)
  AND (@tags IS NULL OR @tagCount = (
    SELECT count(*) FROM asset_tags a JOIN tags t ON t.id = a.tag_id
    WHERE a.asset_id = v.id AND t.name IN (SELECT value FROM json_each(@tags))))`
// The collection filter: one primary-key probe per row, for statements that walk an index holding
// the id (the sort indexes) or drive from the members.
const COLLECTION_BY_ID = `(@collection IS NULL OR EXISTS (
    SELECT 1 FROM collection_items ci WHERE ci.collection_id = @collection AND ci.video_id = v.id))`
const FILTERS = `${FACET_FILTERS} AND ${OTHER_FILTERS} AND ${COLLECTION_BY_ID}`

/** Most values listed per facet (tags included) by media:facets. */
export const FACET_LIMIT = 200

/**
 * Keyset pages over `videos` with full-text search (migration 0060).
 * `textDriveMax` (tests only) fixes the line between the two text search plans, which otherwise follows the
 * library's size and the page's limit.
 */
export function createMediaSearchRepo(db: Database, { textDriveMax }: { textDriveMax?: number } = {}) {
  // One statement per (sort, direction, cursor, driver, text filter) shape, prepared on first use.
  const pageStatements = new Map<string, Statement<unknown[], VideoRow>>()
  const pageStatement = (by: MediaSortKey, desc: boolean, after: boolean, { driver, text }: Plan) => {
    const key = `${by}:${desc}:${after}:${driver}:${text}`
    let stmt = pageStatements.get(key)
    if (!stmt) {
      stmt = db.prepare<unknown[], VideoRow>(pageSql(SORT_COLUMNS[by], desc, after, driver, text))
      pageStatements.set(key, stmt)
    }
    return stmt
  }
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
  const choose = (params: SearchParams, limit: number): Plan => {
    const text = params.query !== null
    const cap = text ? textCap(limit) : 0
    if (text && (textMatchesStmt.get(params.query!, Math.min(Math.max(cap, -1), 2 ** 40) + 1) ?? 0) <= cap) {
      return { driver: 'fts', driveTag: null, text: false }
    }
    if (params.health !== null) return { driver: 'health', driveTag: null, text }
    // A small collection drives as a rare tag does; of a tag and a collection, the smaller one.
    const members = params.collection === null ? Infinity : (collectionSizeStmt.get(params.collection) ?? 0)
    const otherwise = { driver: members <= TAG_DRIVE_MAX ? 'collection' : 'index', driveTag: null, text } as const
    if (params.tags === null) return otherwise
    const [rarest] = (JSON.parse(params.tags) as string[])
      .map((name) => ({ name, uses: tagUsesStmt.get(name) ?? 0 }))
      .sort((a, b) => a.uses - b.uses)
    return rarest!.uses <= Math.min(TAG_DRIVE_MAX, members)
      ? { driver: 'tag', driveTag: rarest!.name, text }
      : otherwise
  }
  const bind = (params: SearchParams, driveTag: string | null, after: PageAfter | null, limit: number) => ({
    ...params,
    driveTag,
    limit,
    afterKey: after?.key ?? null,
    afterId: after?.id ?? null,
  })
  return {
    /** One page in (sort key, id) order; `after` continues from a previous page's last row. */
    page(params: SearchParams, by: MediaSortKey, desc: boolean, after: PageAfter | null, limit: number) {
      const plan = choose(params, limit)
      return pageStatement(by, desc, after !== null, plan)
        .all(bind(params, plan.driveTag, after, limit))
        .map((row) => ({ asset: toAsset(row), key: (row as KeyedRow).sort_key }))
    },
    /** The query plan of a page statement, one line per step (for tests and the bench). */
    explainPage(params: SearchParams, by: MediaSortKey, desc: boolean, after: PageAfter | null, limit = 100): string[] {
      const { driver, driveTag, text } = choose(params, limit)
      const sql = pageSql(SORT_COLUMNS[by], desc, after !== null, driver, text)
      return db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(bind(params, driveTag, after, 1))
        .map((row) => row.detail)
    },
  }
}
export type MediaSearchRepo = ReturnType<typeof createMediaSearchRepo>

/**
 * What a page statement starts from. `index`: the sort index is walked and filters are tested
 * per row, so a page reads about `limit` rows when the filters leave many. `fts`: the text
 * match drives and only the matches are sorted. `tag`: the assets of the rarest tag asked for
 * drive and are sorted, for tags on few assets, where walking the sort index would read most
 * of the table to fill a page. `health`: the few flagged assets (migration 0080's partial index)
 * drive and are sorted. `collection`: a collection's members drive, as a rare tag's do. CROSS JOIN
 * fixes the order so the planner cannot turn it round.
 */
type Driver = 'index' | 'fts' | 'tag' | 'health' | 'collection'
interface Plan {
  driver: Driver
  driveTag: string | null
  text: boolean
}

// Up to this many assets on a tag, sorting them beats walking the sort index past the others.
export const TAG_DRIVE_MAX = 20_000
// Fetching and sorting m text matches costs about 5 µs each; walking the sort index with the text tested per
// row reads about limit × library ÷ m rows at about 1 µs each (measured at 100,000 and 1,000,000 assets). The
// walk wins once m² > limit × library × this ratio: past ~6,300 matches at a million assets and a 200-row page.
const WALK_ROW_PER_MATCH = 0.2

// A walked row's FTS rowid (one probe of the keys' unique index, from the id the sort index holds) against
// the matches' rowids, gathered once per statement as integers straight from FTS. Gathering the asset ids
// instead costs a key lookup per match, and the planner then drives from that list and sorts it all.
const TEXT_FILTER = `(SELECT k.fts_rowid FROM videos_fts_keys k WHERE k.asset_id = v.id)
    IN (SELECT rowid FROM videos_fts WHERE videos_fts MATCH @query)`

function pageSql(column: string, desc: boolean, after: boolean, driver: Driver, text: boolean): string {
  const dir = desc ? 'DESC' : 'ASC'
  const keyset = after ? `AND (v.${column}, v.id) ${desc ? '<' : '>'} (@afterKey, @afterId)` : ''
  const from = {
    index: 'videos v WHERE',
    health: 'videos v INDEXED BY videos_health WHERE v.health IN (SELECT value FROM json_each(@health)) AND',
    fts: `videos_fts f CROSS JOIN videos_fts_keys k CROSS JOIN videos v
       WHERE videos_fts MATCH @query AND k.fts_rowid = f.rowid AND v.id = k.asset_id AND`,
    tag: `tags t0 CROSS JOIN asset_tags a0 CROSS JOIN videos v
       WHERE t0.name = @driveTag AND a0.tag_id = t0.id AND v.id = a0.asset_id AND`,
    collection: `collection_items c0 CROSS JOIN videos v WHERE c0.collection_id = @collection AND v.id = c0.video_id AND`,
  }[driver]
  // The text test first: it needs only the id the walked index holds, so rows it rejects are never read.
  const textFilter = text ? `${TEXT_FILTER} AND` : ''
  return `SELECT ${ROW_COLUMNS}, v.${column} AS sort_key FROM ${from} ${textFilter} ${FILTERS} ${keyset}
          ORDER BY v.${column} ${dir}, v.id ${dir} LIMIT @limit`
}

type KeyedRow = VideoRow & { sort_key: string | number }
