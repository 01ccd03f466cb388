import type { Database, Statement } from 'better-sqlite3'
import type { FacetKeyColumns, TableFacetValue } from '../browse-model/facet-row'
import { TABLE_FACETS } from '../browse-model/filters'
import type { SearchParams } from '../browse-model/search-params'

/** An asset's duration, size and import time (epoch ms), the range columns a group row does not hold as keys. */
export type RangeValues = [duration: number | null, size: number | null, importedMs: number | null]
/** The least and greatest of each of RangeValues, in a group row's order. */
export type RangeEnds = [
  minDuration: number | null,
  maxDuration: number | null,
  minSize: number | null,
  maxSize: number | null,
  minImportedMs: number | null,
  maxImportedMs: number | null,
]

/** One combination of facet columns among the assets the range filters keep: how many, their ranges and rowids. */
export type FacetGroupRow = [
  ...key: FacetKeyColumns,
  count: number,
  ...ends: RangeEnds,
  /** The rowids of the group's assets, comma-separated (integer-list.ts). */
  rowids: Buffer,
  /** The values of the facets the filter table declares (TABLE_FACETS), in its order: part of the combination. */
  ...tableFacets: TableFacetValue[],
]
/** Where the table's facets start in a FacetGroupRow. */
export const GROUP_TABLE_FACETS_AT = 17

/** The range filters a grouped walk tests per asset, as media-page-sql.ts's page statements test them. */
const BOUND_TESTS = {
  minDuration: 'v.duration_seconds >= @minDuration',
  maxDuration: 'v.duration_seconds <= @maxDuration',
  minSize: 'v.size_bytes >= @minSize',
  maxSize: 'v.size_bytes <= @maxSize',
  importedFrom: 'v.sort_imported >= @importedFrom',
  importedTo: 'v.sort_imported <= @importedTo',
  minWidth: 'v.width >= @minWidth',
  maxWidth: 'v.width <= @maxWidth',
  minHeight: 'v.height >= @minHeight',
  maxHeight: 'v.height <= @maxHeight',
} as const
type BoundName = keyof typeof BOUND_TESTS
/** The range filters of a search, in the order a walk's statement tests them. */
export const BOUND_NAMES = Object.keys(BOUND_TESTS) as BoundName[]

const KEY = 'v.media_type, v.source_type, v.status, v.codec, v.container, v.has_audio, v.rating, v.width, v.height'
// The table's facets follow the key in videos_facets, so a walk grouped by both still reads it in order (no sort).
const TABLE_KEY = TABLE_FACETS.map((filter) => `, v.${filter.column}`).join('')
const IMPORTED_MS = "CAST(round(unixepoch(v.sort_imported, 'subsec') * 1000) AS INTEGER)"
/** The RangeEnds of the rows a statement reads. */
const ENDS = `min(v.duration_seconds), max(v.duration_seconds), min(v.size_bytes), max(v.size_bytes),
  min(${IMPORTED_MS}), max(${IMPORTED_MS})`

/**
 * Facet counts without the in-memory index, for requests while it is first read: one walk of
 * `videos_facets` grouped by its own leading columns (the key, then the table's facets such as imported_by), so
 * SQLite groups in index order (no sort) and hands over a group at a time (a few thousand at a million assets,
 * 0.35 s in all), each with its assets' rowids.
 */
export function createFacetGroupsRepo(db: Database) {
  const statements = new Map<string, Statement<Record<string, unknown>, FacetGroupRow>>()
  const statementFor = (names: BoundName[]) => {
    const key = names.join(',')
    let statement = statements.get(key)
    if (!statement) {
      const where = names.length === 0 ? '' : `WHERE ${names.map((name) => BOUND_TESTS[name]).join(' AND ')}`
      statement = db
        .prepare<Record<string, unknown>, FacetGroupRow>(
          `SELECT ${KEY}, count(*), ${ENDS}, CAST(group_concat(v.rowid) AS BLOB)${TABLE_KEY}
           FROM videos v INDEXED BY videos_facets ${where} GROUP BY ${KEY}${TABLE_KEY}`,
        )
        .raw()
      statements.set(key, statement)
    }
    return statement
  }
  const AMONG = 'v.rowid IN (SELECT value FROM json_each(?))'
  const valuesStmt = db
    .prepare<[string], [number, ...RangeValues]>(
      `SELECT v.rowid, v.duration_seconds, v.size_bytes, ${IMPORTED_MS} FROM videos v WHERE ${AMONG}`,
    )
    .raw()
  const endsStmt = db.prepare<[string], RangeEnds>(`SELECT ${ENDS} FROM videos v WHERE ${AMONG}`).raw()
  const nearKeysStmt = db
    .prepare<[], unknown[]>(
      `SELECT ${KEY}${TABLE_KEY} FROM near_duplicate_assets n CROSS JOIN videos v ON v.id = n.asset_id`,
    )
    .raw()
  const tagTotalsStmt = db.prepare<[], [number, number]>('SELECT tag_id, count(*) FROM asset_tags GROUP BY 1').raw()
  const collectionTotalsStmt = db
    .prepare<[], [number, number]>('SELECT collection_id, count(*) FROM collection_items GROUP BY 1')
    .raw()
  return {
    /** The facet columns of each asset with near-duplicates (as eachGroup's first nine, then its table facets). */
    nearKeys: (): unknown[][] => nearKeysStmt.all(),
    /** How many assets carry each tag. */
    tagTotals: (): Map<number, number> => new Map(tagTotalsStmt.all()),
    /** How many assets each collection holds. */
    collectionTotals: (): Map<number, number> => new Map(collectionTotalsStmt.all()),
    /** The duration, size and import time (ms) of these assets (rowids), as a group row's ranges read them. */
    valuesOf: (rowids: readonly number[]): Map<number, RangeValues> =>
      new Map(valuesStmt.all(JSON.stringify(rowids)).map(([rowid, ...values]) => [rowid, values])),
    /** The least and greatest duration, size and import time (ms) of these assets, as a group row has them. */
    endsOf: (rowids: readonly number[]): RangeEnds => endsStmt.get(JSON.stringify(rowids))!,
    /** Each combination of facet columns among the assets `params`' range filters keep, one at a time. */
    eachGroup(params: SearchParams): IterableIterator<FacetGroupRow> {
      const names = BOUND_NAMES.filter((name) => params[name] !== null)
      return statementFor(names).iterate(Object.fromEntries(names.map((name) => [name, params[name]])))
    },
  }
}
export type FacetGroupsRepo = ReturnType<typeof createFacetGroupsRepo>
