import type { Database, Statement } from 'better-sqlite3'
import type { FacetCounts } from '../../../shared/contract'
import { FACET_LIMIT, type FacetGroup, type SearchParams } from './media-search'

// The checkbox facets' filters over a cube row: the same tests media-search.ts makes of a videos
// row (the cube's key columns hold the videos values unchanged). NULL (a NULL value under a filter) fails.
const KEEPS = [
  '(@mediaType IS NULL OR c.media_type IN (SELECT value FROM json_each(@mediaType)))',
  '(@sourceType IS NULL OR c.source_type IN (SELECT value FROM json_each(@sourceType)))',
  '(@status IS NULL OR c.status IN (SELECT value FROM json_each(@status)))',
  '(@codec IS NULL OR c.codec IN (SELECT value FROM json_each(@codec)))',
  '(@container IS NULL OR c.container IN (SELECT value FROM json_each(@container)))',
  '(@orientation IS NULL OR c.orientation IN (SELECT value FROM json_each(@orientation)))',
  '(@minRating IS NULL OR c.rating >= @minRating)',
  '(@hasAudio IS NULL OR c.has_audio = @hasAudio)',
]
const CUBE_FILTERS = KEEPS.join(' AND ')
// A group failing two filters counts for no facet (facet-groups.ts), and reading a row into JS
// costs more than testing it here: most of the time at a million assets went to building objects.
const FAILING_AT_MOST_ONE = `(${KEEPS.map((keep) => `NOT coalesce(${keep}, 0)`).join(' + ')}) <= 1`

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
    groups: Statement<unknown[], GroupRow>
    tags: Statement<unknown[], { value: string; count: number }>
  } | null = null
  const prepared = () =>
    (statements ??= {
      // Arrays, made into objects here: better-sqlite3's row objects cost twice as much (7,600 groups at 1M assets).
      groups: db
        .prepare<unknown[], GroupRow>(
          `SELECT media_type, source_type, status, codec, container, has_audio, rating, width, height, orientation,
             count, min_duration, max_duration, min_size, max_size, min_imported, max_imported
           FROM facet_cube c WHERE ${FAILING_AT_MOST_ONE}`,
        )
        .raw(),
      tags: db.prepare<unknown[], { value: string; count: number }>(
        `SELECT t.name AS value, sum(c.count) AS count FROM facet_tag_cube c JOIN tags t ON t.id = c.tag_id
         WHERE ${CUBE_FILTERS} GROUP BY c.tag_id ORDER BY count DESC, t.name LIMIT ${FACET_LIMIT}`,
      ),
    })
  return {
    /** Whether the cubes answer this filter state exactly: no text, range, date, tag, health or collection filter. */
    answers(params: SearchParams): boolean {
      return NOT_IN_CUBE.every((name) => params[name] === null)
    },
    /** The facet groups that count for some facet (fail at most one checkbox filter) under these filters. */
    groups(params: SearchParams): FacetGroup[] {
      return prepared().groups.all(params).map(toGroup)
    },
    /** Tags on the assets the checkbox filters leave, with how many carry each (most first). */
    tagCounts(params: SearchParams): FacetCounts {
      return prepared().tags.all(params)
    },
  }
}
export type FacetCubeRepo = ReturnType<typeof createFacetCubeRepo>

type G = FacetGroup
/** A group statement's row, column by column. */
type GroupRow = [
  G['mediaType'],
  G['sourceType'],
  G['status'],
  G['codec'],
  G['container'],
  G['hasAudio'],
  G['rating'],
  G['width'],
  G['height'],
  G['orientation'],
  G['count'],
  G['minDuration'],
  G['maxDuration'],
  G['minSize'],
  G['maxSize'],
  G['minImported'],
  G['maxImported'],
]

function toGroup(r: GroupRow): FacetGroup {
  return {
    mediaType: r[0],
    sourceType: r[1],
    status: r[2],
    codec: r[3],
    container: r[4],
    hasAudio: r[5],
    rating: r[6],
    width: r[7],
    height: r[8],
    orientation: r[9],
    count: r[10],
    minDuration: r[11],
    maxDuration: r[12],
    minSize: r[13],
    maxSize: r[14],
    minImported: r[15],
    maxImported: r[16],
  }
}
