import type { SqlDialect } from '../sql/sql-engine'

/**
 * The SQL an asset `v`'s browse facts are read with, in each dialect: what the page filters test and the facet readers
 * count (filters.ts, repos/facet-rows.ts, repos/facet-rows-postgres.ts), written once per dialect so the two stay one.
 */
export interface BrowseSql {
  /** A scalar subquery of the asset's generation details (`g`), giving `value`. */
  generation(value: string): string
  /** A field of the generation details' parameters as filters compare it (SQLite: json_extract's value). */
  param(field: string): string
  /** The asset's LoRA rows `l` (FROM … WHERE, the asset's generation details `g` joined), and a row's LoRA name. */
  lorasOfAsset: string
  loraName: string
  /** Whether the asset has near-duplicates, was made or used by a workflow, stands under a stack's head in the library. */
  nearDuplicates: string
  hasWorkflow: string
  stacked: string
}

const NEAR = 'EXISTS (SELECT 1 FROM near_duplicate_assets n WHERE n.asset_id = v.id)'
const WORKFLOW = 'EXISTS (SELECT 1 FROM workflow_videos wv WHERE wv.video_id = v.id)'
const generation = (value: string) => `(SELECT ${value} FROM video_generation g WHERE g.video_id = v.id)`

// A hub keeps generation_params as text that may not be JSON (a library's json_extract reads such as NULL).
const PG_PARAMS = `CASE WHEN g.generation_params IS JSON OBJECT THEN g.generation_params::json END`

/** Each dialect's browse SQL. */
export const BROWSE_SQL: Record<SqlDialect, BrowseSql> = {
  sqlite: {
    generation,
    param: (field) => `json_extract(g.generation_params, '$.${field}')`,
    lorasOfAsset: `video_generation g, json_each(g.generation_params, '$.loras') l WHERE g.video_id = v.id`,
    loraName: `json_extract(l.value, '$.name')`,
    nearDuplicates: NEAR,
    hasWorkflow: WORKFLOW,
    // What "Stack related files" leaves out: a primary-key probe of stack_members (most assets are in no stack),
    // then one of the head (CROSS JOIN … ON: the members outermost).
    stacked: 'EXISTS (SELECT 1 FROM stack_members s CROSS JOIN videos h ON h.id = s.head_id WHERE s.member_id = v.id)',
    // json_extract fails the statement on text that is not JSON: tested first.
  },
  postgres: {
    generation,
    param: (field) => `(${PG_PARAMS}) ->> '${field}'`,
    lorasOfAsset: `video_generation g,
  json_array_elements(CASE WHEN json_typeof((${PG_PARAMS}) -> 'loras') = 'array' THEN (${PG_PARAMS}) -> 'loras' END) AS l
  WHERE g.video_id = v.id`,
    loraName: `l ->> 'name'`,
    nearDuplicates: NEAR,
    hasWorkflow: WORKFLOW,
    stacked: 'EXISTS (SELECT 1 FROM stack_members s JOIN videos h ON h.id = s.head_id WHERE s.member_id = v.id)',
  },
}

/** A generation parameter's JSON value on PostgreSQL, for a reader that needs its type (a number is read as one). */
export const PG_PARAM_JSON = (field: string) => `(${PG_PARAMS}) -> '${field}'`
