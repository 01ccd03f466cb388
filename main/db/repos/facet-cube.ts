import type { Database, Statement } from 'better-sqlite3'
import type { FacetCounts } from '../../../shared/contract'
import { FACET_LIMIT, type FacetGroup, type SearchParams } from './media-search'

// The checkbox facets' filters over a cube row: the same tests media-search.ts makes of a videos
// row (the cube's key columns hold the videos values unchanged), for the tag counts.
const CUBE_FILTERS = `
  (@mediaType IS NULL OR c.media_type IN (SELECT value FROM json_each(@mediaType)))
  AND (@sourceType IS NULL OR c.source_type IN (SELECT value FROM json_each(@sourceType)))
  AND (@status IS NULL OR c.status IN (SELECT value FROM json_each(@status)))
  AND (@codec IS NULL OR c.codec IN (SELECT value FROM json_each(@codec)))
  AND (@container IS NULL OR c.container IN (SELECT value FROM json_each(@container)))
  AND (@orientation IS NULL OR c.orientation IN (SELECT value FROM json_each(@orientation)))
  AND (@minRating IS NULL OR c.rating >= @minRating)
  AND (@hasAudio IS NULL OR c.has_audio = @hasAudio)`

// The filters the cubes cannot answer: they narrow by something a combination does not record.
const NOT_IN_CUBE: ReadonlyArray<keyof SearchParams> = [
  'query',
  'minWidth',
  'maxWidth',
  'minHeight',
  'maxHeight',
  'minDuration',
  'maxDuration',
  'minSize',
  'maxSize',
  'importedFrom',
  'importedTo',
  'tags',
  'health',
  'collection',
]

/** Facet counts from the summary tables of migration 0100, for filter states of checkbox facets only. */
export function createFacetCubeRepo(db: Database) {
  // Prepared on first use: a library opened with fewer migrations (tests) has no cube tables.
  let statements: {
    groups: Statement<[], FacetGroup>
    tags: Statement<unknown[], { value: string; count: number }>
  } | null = null
  const prepared = () =>
    (statements ??= {
      groups: db.prepare<[], FacetGroup>(
        `SELECT media_type AS mediaType, source_type AS sourceType, status, codec, container,
           has_audio AS hasAudio, rating, width, height, orientation, count,
           min_duration AS minDuration, max_duration AS maxDuration, min_size AS minSize, max_size AS maxSize,
           min_imported AS minImported, max_imported AS maxImported
         FROM facet_cube`,
      ),
      tags: db.prepare<unknown[], { value: string; count: number }>(
        `SELECT t.name AS value, sum(c.count) AS count FROM facet_tag_cube c JOIN tags t ON t.id = c.tag_id
         WHERE ${CUBE_FILTERS} GROUP BY c.tag_id ORDER BY count DESC, t.name LIMIT ${FACET_LIMIT}`,
      ),
    })
  // Migrations run by version, so a database that reached 0120 before 0100 was written never got
  // the cubes: those (development) libraries count the exact way instead.
  let present: boolean | null = null
  const available = () =>
    (present ??=
      db
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('facet_cube', 'facet_tag_cube')")
        .pluck()
        .get() === 2)
  return {
    /** Whether the cubes answer this filter state exactly: no text, range, date, tag, health or collection filter. */
    answers(params: SearchParams): boolean {
      return NOT_IN_CUBE.every((name) => params[name] === null) && available()
    },
    /** Every facet group of the library (what facetGroups gives when only checkbox facets filter). */
    groups(): FacetGroup[] {
      return prepared().groups.all()
    },
    /** Tags on the assets the checkbox filters leave, with how many carry each (most first). */
    tagCounts(params: SearchParams): FacetCounts {
      return prepared().tags.all(params)
    },
  }
}
export type FacetCubeRepo = ReturnType<typeof createFacetCubeRepo>
