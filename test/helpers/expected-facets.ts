import { expect } from 'vitest'
import type { FacetCounts, MediaFacets, MediaFilter } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import type { PageAfter } from '../../main/db/browse-model/search-params'
import { searchParams } from '../../main/services/assets/media-search'
import { FACETS } from '../../main/services/facet-index/facet-columns'

// What media:facets must answer, computed independently of the facet index: every count is the length of a
// walk of the page query (which tests text in SQL), one per facet value.

/** The ids media:list walks for this query and filter state (the page query's filters). */
// Without the facet index's text marks (media:list takes them once the index is read): the SQL's own text test.
export function listed(lib: LocalLibrary, query: string | undefined, filter: MediaFilter): string[] {
  const ids: string[] = []
  let after: PageAfter | null = null
  for (;;) {
    const page = lib.sqlite.repos.search.page(searchParams(query, filter), 'imported', true, after, 500)
    ids.push(...page.map((row) => row.asset.id))
    const last = page.at(-1)
    if (page.length < 500 || !last) return ids
    after = { key: last.key, id: last.asset.id }
  }
}

const COLUMNS = {
  mediaType: 'media_type',
  sourceType: 'source_type',
  status: 'status',
  codec: 'codec',
  container: 'container',
  orientation: 'orientation',
  importedBy: 'imported_by',
  reviewStatus: 'review_status',
} as const

/** Facets computed by walking media:list once per facet value: slow, plain, and independent of the index. */
export function expectedFacets(lib: LocalLibrary, query: string | undefined, filter: MediaFilter): MediaFacets {
  const count = (changed: MediaFilter) => listed(lib, query, { ...filter, ...changed }).length
  const valuesOf = (column: string) =>
    lib.sqlite.db
      .prepare<[], string | number>(`SELECT DISTINCT ${column} FROM videos WHERE ${column} IS NOT NULL`)
      .pluck()
      .all()
  const facet = (counts: Array<{ value: string | number; count: number }>) => byValue(counts.filter((c) => c.count > 0))
  const perColumn = Object.fromEntries(
    Object.entries(COLUMNS).map(([name, column]) => [
      name,
      facet(valuesOf(column).map((value) => ({ value, count: count({ [name]: [value] }) }))),
    ]),
  )
  const atLeast = (rating: number) => (rating > 5 ? 0 : count({ minRating: rating }))
  const ids = listed(lib, query, filter)
  const range = (column: string) =>
    lib.sqlite.db
      .prepare<[string], { min: number | string | null; max: number | string | null }>(
        `SELECT min(${column}) AS min, max(${column}) AS max FROM videos WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .get(JSON.stringify(ids))!
  const generated = (expression: string) =>
    lib.sqlite.db
      .prepare<[], string | number>(
        `SELECT DISTINCT ${expression} FROM video_generation g WHERE ${expression} IS NOT NULL
           AND g.video_id IN (SELECT id FROM videos)`,
      )
      .pluck()
      .all()
  const byGeneration = (name: 'provider' | 'model' | 'sampler' | 'steps', expression: string) =>
    facet(generated(expression).map((value) => ({ value, count: count({ [name]: [value] }) })))
  const loraNames = lib.sqlite.db
    .prepare<[], string>(
      `SELECT DISTINCT json_extract(l.value, '$.name') FROM video_generation g, json_each(g.generation_params, '$.loras') l
       WHERE json_extract(l.value, '$.name') IS NOT NULL`,
    )
    .pluck()
    .all()
  const tagNames = lib.sqlite.db.prepare<[], string>('SELECT name FROM tags').pluck().all()
  const collectionIds = lib.sqlite.db.prepare<[], number>('SELECT id FROM collections').pluck().all()
  const withoutCollection = { ...filter, collection: undefined }
  return {
    total: ids.length,
    ...perColumn,
    hasAudio: facet([0, 1].map((value) => ({ value, count: count({ hasAudio: value === 1 }) }))),
    hasNearDuplicates: facet([0, 1].map((value) => ({ value, count: count({ hasNearDuplicates: value === 1 }) }))),
    rating: facet([0, 1, 2, 3, 4, 5].map((value) => ({ value, count: atLeast(value) - atLeast(value + 1) }))),
    tags: facet(tagNames.map((value) => ({ value, count: count({ tags: [...(filter.tags ?? []), value] }) }))),
    provider: byGeneration('provider', 'g.provider'),
    model: byGeneration('model', 'g.model'),
    sampler: byGeneration('sampler', `json_extract(g.generation_params, '$.sampler')`),
    steps: byGeneration('steps', `json_extract(g.generation_params, '$.steps')`),
    loras: facet(loraNames.map((value) => ({ value, count: count({ loras: [...(filter.loras ?? []), value] }) }))),
    hasWorkflow: facet([0, 1].map((value) => ({ value, count: count({ hasWorkflow: value === 1 }) }))),
    collections: facet(
      collectionIds.map((value) => ({
        value,
        count: listed(lib, query, { ...withoutCollection, collection: value }).length,
      })),
    ),
    ranges: {
      width: range('width'),
      height: range('height'),
      duration: range('duration_seconds'),
      size: range('size_bytes'),
      imported: range('sort_imported'),
    },
  } as MediaFacets
}

function byValue(counts: FacetCounts): FacetCounts {
  return [...counts].sort((a, b) => String(a.value).localeCompare(String(b.value)))
}

/** The index's answer with each facet's values in value order (the order of equal counts is checked apart). */
export function comparable(facets: MediaFacets): MediaFacets {
  const lists = [...FACETS, 'tags', 'collections', 'loras'] as const
  for (const name of lists) {
    const counts = facets[name].map((c) => c.count)
    expect(counts, `${name} most first`).toEqual([...counts].sort((a, b) => b - a))
  }
  return { ...facets, ...Object.fromEntries(lists.map((name) => [name, byValue(facets[name])])) }
}
