import type { FacetCounts, MediaFacets } from '../../../shared/contract'
import { byNocaseText, byNumber, byText, top } from './facet-lists'
import type { SqlEngine } from '../sql/sql-engine'
import { filterTests, GENERATION, LORAS_OF_ASSET, PARAMS } from './media-page-postgres'
import type { SearchParams } from './media-search'

type CheckboxFacet = Exclude<keyof MediaFacets, 'total' | 'tags' | 'loras' | 'collections' | 'ranges'>

// A JSON value as the facet index holds it (json_extract in a library): its text, and whether it is a number.
const JSON_VALUE = (json: string) => `${GENERATION(`(${json}) #>> '{}'`)}, ${GENERATION(`json_typeof(${json})`)}`

/** Each checkbox facet: the value an asset `v` counts under, and the filters it leaves out for its own counts. */
const CHECKBOXES: ReadonlyArray<readonly [CheckboxFacet, string, ReadonlyArray<keyof SearchParams>]> = [
  ['mediaType', 'v.media_type, NULL', ['mediaType']],
  ['sourceType', 'v.source_type, NULL', ['sourceType']],
  ['status', `v.status, 'number'`, ['status']],
  ['codec', 'v.codec, NULL', ['codec']],
  ['container', 'v.container, NULL', ['container']],
  ['orientation', 'v.orientation, NULL', ['orientation']],
  ['hasAudio', `v.has_audio, 'number'`, ['hasAudio']],
  ['rating', `v.rating, 'number'`, ['minRating']],
  [
    'hasNearDuplicates',
    `CASE WHEN EXISTS (SELECT 1 FROM near_duplicate_assets n WHERE n.asset_id = v.id) THEN 1 ELSE 0 END, 'number'`,
    ['hasNearDuplicates'],
  ],
  ['provider', `${GENERATION('g.provider')}, NULL`, ['provider']],
  ['model', `${GENERATION('g.model')}, NULL`, ['model']],
  ['sampler', JSON_VALUE(`(${PARAMS}) -> 'sampler'`), ['sampler']],
  ['steps', JSON_VALUE(`(${PARAMS}) -> 'steps'`), ['steps']],
  [
    'hasWorkflow',
    `CASE WHEN EXISTS (SELECT 1 FROM workflow_videos wv WHERE wv.video_id = v.id) THEN 1 ELSE 0 END, 'number'`,
    ['hasWorkflow'],
  ],
]

/**
 * A hub's facet counts (issue 34 point 2) as a library's facet index gives them (facet-count.ts): standard
 * faceting, each checkbox facet counted over what every other filter leaves; tags and LoRAs over what every filter
 * leaves; collections over what every filter but the collection leaves; ranges of what every filter leaves. The
 * checkbox facets whose own filter is not set are counted in one scan (GROUPING SETS), each other one in a grouped
 * statement of its own, in the caller's transaction (one snapshot).
 */
export async function postgresFacets(sql: SqlEngine, params: SearchParams): Promise<MediaFacets> {
  const where = (except: ReadonlyArray<keyof SearchParams> = []) => {
    const { tests, values } = filterTests(params, new Set(except))
    return { clause: tests.length === 0 ? '' : `WHERE ${tests.join(' AND ')}`, values }
  }
  const all = where()
  const totals = await sql.get<Record<string, number | null>>(
    `SELECT count(*) AS total, min(v.width) AS "minWidth", max(v.width) AS "maxWidth", min(v.height) AS "minHeight",
       max(v.height) AS "maxHeight", min(v.duration_seconds) AS "minDuration", max(v.duration_seconds) AS "maxDuration",
       min(v.size_bytes) AS "minSize", max(v.size_bytes) AS "maxSize",
       min(fv_epoch_ms(v.sort_imported)) AS "minImported", max(fv_epoch_ms(v.sort_imported)) AS "maxImported"
     FROM videos v ${all.clause}`,
    all.values,
  )
  const checkboxes: Partial<Record<CheckboxFacet, FacetCounts>> = {}
  const counted = (rows: ReadonlyArray<{ value: string | number | null; kind: string | null; count: number }>) =>
    top(
      rows.flatMap((row) =>
        row.value === null ? [] : [{ value: row.kind === 'number' ? Number(row.value) : row.value, count: row.count }],
      ),
      byText,
    )
  // The facets whose own filter is not set are all counted over what every filter leaves: in one scan of it.
  const unfiltered = CHECKBOXES.filter(([, , own]) => own.every((name) => params[name] === null))
  if (unfiltered.length > 0) {
    const sets = unfiltered.map((_, i) => `(v${i}, k${i})`).join(', ')
    const rows = await sql.all<Record<string, string | number | null>>(
      `SELECT ${unfiltered.map((_, i) => `GROUPING(v${i}) AS g${i}, v${i}, k${i}`).join(', ')}, count(*) AS count
       FROM (SELECT ${unfiltered.map(([, value]) => value).join(', ')} FROM videos v ${all.clause})
         AS f(${unfiltered.map((_, i) => `v${i}, k${i}`).join(', ')})
       GROUP BY GROUPING SETS (${sets})`,
      all.values,
    )
    unfiltered.forEach(([facet], i) => {
      const own = rows.filter((row) => row[`g${i}`] === 0)
      checkboxes[facet] = counted(
        own.map((row) => ({
          value: row[`v${i}`] as string | number | null,
          kind: row[`k${i}`] as string | null,
          count: row.count as number,
        })),
      )
    })
  }
  // A facet whose filter is set: over what every other filter leaves.
  for (const [facet, value, own] of CHECKBOXES.filter((checkbox) => !unfiltered.includes(checkbox))) {
    const others = where(own)
    checkboxes[facet] = counted(
      await sql.all(
        `SELECT value, kind, count(*) AS count FROM (SELECT ${value} FROM videos v ${others.clause}) AS f(value, kind)
         GROUP BY value, kind`,
        others.values,
      ),
    )
  }
  const tags = await sql.all<{ value: string; count: number }>(
    `SELECT t.name AS value, count(*) AS count FROM videos v JOIN asset_tags a ON a.asset_id = v.id
     JOIN tags t ON t.id = a.tag_id ${all.clause} GROUP BY t.id, t.name`,
    all.values,
  )
  const loras = await sql.all<{ value: string; count: number }>(
    `SELECT used.lora AS value, count(DISTINCT v.id) AS count FROM videos v
     JOIN LATERAL (SELECT l ->> 'name' AS lora FROM ${LORAS_OF_ASSET}) AS used ON used.lora IS NOT NULL
     ${all.clause} GROUP BY used.lora`,
    all.values,
  )
  const others = where(['collection'])
  const collections = await sql.all<{ value: number; count: number }>(
    `SELECT ci.collection_id AS value, count(*) AS count FROM videos v JOIN collection_items ci ON ci.video_id = v.id
     ${others.clause} GROUP BY ci.collection_id`,
    others.values,
  )
  const t = totals!
  const range = (min: number | null, max: number | null) => ({ min, max })
  const time = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    total: t.total!,
    ...(checkboxes as Record<CheckboxFacet, FacetCounts>),
    tags: top(tags, byNocaseText),
    loras: top(loras, byText),
    collections: top(collections, byNumber),
    ranges: {
      width: range(t.minWidth!, t.maxWidth!),
      height: range(t.minHeight!, t.maxHeight!),
      duration: range(t.minDuration!, t.maxDuration!),
      size: range(t.minSize!, t.maxSize!),
      imported: { min: time(t.minImported!), max: time(t.maxImported!) },
    },
  }
}
