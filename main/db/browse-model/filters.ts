import type { SqlDialect } from '../sql/sql-engine'
import { BROWSE_SQL, PG_PARAM_JSON } from './dialect-sql'
import type { SearchParams } from './search-params'
import { VISIBILITY_SCOPE } from './visibility'

/**
 * One filter of a page, as each dialect tests an asset `v` with it. `list`: the expression is IN the values asked
 * for (a JSON array in SearchParams); `test`: the expression is the whole test, its value bound where it says `?`;
 * `counted`: the expression counts how many of the values asked for the asset holds (`{list}` stands for them), and
 * must equal SearchParams' `count` (all of them). `pgValues`: how PostgreSQL compares a list's values (as text
 * unless said). Both page builders (repos/media-page-sql.ts, repos/media-page-postgres.ts) read this table.
 */
export interface BrowseFilter {
  name: keyof SearchParams
  kind: 'list' | 'test' | 'counted'
  sql: Record<SqlDialect, string>
  count?: keyof SearchParams
  pgValues?: 'numbers' | 'json-texts'
  /** The stored column of `videos` a `column` entry tests. */
  column?: string
  /**
   * Counted per value by the in-memory facet index as well (services/facet-index/): both facet readers read the
   * column for each asset, and media:facets answers its counts under the filter's name. A library's readers walk
   * `videos_facets` for it (grouped by it, next to the other facet columns), so the column must be in that index's
   * key part, before the range columns (main/db/schema/tables/assets.ts; facet-groups.test.ts reads the plans).
   */
  facet?: true
}

const S = BROWSE_SQL.sqlite
const P = BROWSE_SQL.postgres
/** A filter written the same in both dialects. */
const both = (sql: string): Record<SqlDialect, string> => ({ sqlite: sql, postgres: sql })
/** A list filter on a stored column of `videos`; with `facet`, counted per value too. */
const column = <N extends keyof SearchParams, F extends { facet?: true }>(name: N, col: string, more?: F) => ({
  name,
  kind: 'list' as const,
  column: col,
  // Unary plus keeps SQLite's planner off other indexes (see media-page-sql.ts).
  sql: { sqlite: `+v.${col}`, postgres: `v.${col}` },
  ...(more as F),
})
/** A bound on a stored column of `videos`. */
const bound = (name: keyof SearchParams, test: string): BrowseFilter => ({
  name,
  kind: 'test',
  sql: { sqlite: `+v.${test}`, postgres: `v.${test}` },
})

/**
 * Every filter, in the order a page tests them: stored columns first, then the generated ones (width and height
 * parse `resolution`; container and has_audio parse the metadata JSON), then probes of other tables, so a rejected
 * row costs the least. Adding a filter is one entry here, its contract param and SearchParams field (docs/internals/browse.md).
 */
const TABLE = [
  column('codec', 'codec'),
  column('mediaType', 'media_type'),
  column('sourceType', 'source_type'),
  { ...column('status', 'status'), pgValues: 'numbers' },
  column('health', 'health'),
  column('importedBy', 'imported_by', { facet: true }),
  column('reviewStatus', 'review_status', { facet: true }),
  bound('minRating', 'rating >= ?'),
  bound('minDuration', 'duration_seconds >= ?'),
  bound('maxDuration', 'duration_seconds <= ?'),
  bound('minSize', 'size_bytes >= ?'),
  bound('maxSize', 'size_bytes <= ?'),
  bound('importedFrom', 'sort_imported >= ?'),
  bound('importedTo', 'sort_imported <= ?'),
  bound('minWidth', 'width >= ?'),
  bound('maxWidth', 'width <= ?'),
  bound('minHeight', 'height >= ?'),
  bound('maxHeight', 'height <= ?'),
  column('orientation', 'orientation'),
  column('container', 'container'),
  bound('hasAudio', 'has_audio = ?'),
  {
    name: 'hasNearDuplicates',
    kind: 'test',
    sql: { sqlite: `${S.nearDuplicates} = ?`, postgres: `${P.nearDuplicates} = (? = 1)` },
  },
  {
    name: 'collection',
    kind: 'test',
    sql: both('EXISTS (SELECT 1 FROM collection_items ci WHERE ci.collection_id = ? AND ci.video_id = v.id)'),
  },
  // Generation details, as the facet index reads them (facet-rows.ts): one primary-key probe each.
  { name: 'provider', kind: 'list', sql: { sqlite: S.generation('g.provider'), postgres: P.generation('g.provider') } },
  { name: 'model', kind: 'list', sql: { sqlite: S.generation('g.model'), postgres: P.generation('g.model') } },
  {
    name: 'sampler',
    kind: 'list',
    sql: { sqlite: S.generation(S.param('sampler')), postgres: P.generation(P.param('sampler')) },
  },
  {
    name: 'steps',
    kind: 'list',
    // Steps compare as the JSON value's text on PostgreSQL (numbers asked for are bound as their texts).
    sql: { sqlite: S.generation(S.param('steps')), postgres: P.generation(`(${PG_PARAM_JSON('steps')})::text`) },
    pgValues: 'json-texts',
  },
  {
    name: 'hasWorkflow',
    kind: 'test',
    sql: { sqlite: `${S.hasWorkflow} = ?`, postgres: `${P.hasWorkflow} = (? = 1)` },
  },
  // SQLite binds by name: its test need not name the value (1 whenever asked for).
  { name: 'collapseStacks', kind: 'test', sql: { sqlite: `NOT ${S.stacked}`, postgres: `NOT ${P.stacked} AND ? = 1` } },
  // Every tag asked for: as many of the asset's tags among them as were asked (names compare in any case).
  {
    name: 'tags',
    kind: 'counted',
    count: 'tagCount',
    sql: both(
      '(SELECT count(*) FROM asset_tags a JOIN tags t ON t.id = a.tag_id WHERE a.asset_id = v.id AND t.name IN {list})',
    ),
  },
  {
    name: 'loras',
    kind: 'counted',
    count: 'loraCount',
    sql: {
      sqlite: `(SELECT count(DISTINCT ${S.loraName}) FROM ${S.lorasOfAsset} AND ${S.loraName} IN {list})`,
      postgres: `(SELECT count(DISTINCT ${P.loraName}) FROM ${P.lorasOfAsset} AND ${P.loraName} IN {list})`,
    },
  },
  VISIBILITY_SCOPE,
] as const satisfies readonly BrowseFilter[]
export const FILTERS: readonly BrowseFilter[] = TABLE

/** The filters the facet index counts as the table declares them (not by a column of its own), in FILTERS' order. */
export type TableFacetName = Extract<(typeof TABLE)[number], { facet: true }>['name']
export const TABLE_FACETS: ReadonlyArray<BrowseFilter & { name: TableFacetName; column: string }> = TABLE.filter(
  (filter): filter is Extract<(typeof TABLE)[number], { facet: true }> => 'facet' in filter,
)
