// What the in-memory facet index holds of an asset, as both engines' facet readers give it (facet-rows.ts,
// facet-rows-postgres.ts).

/** The columns of `videos_facets` that group assets (its leading ones), in its order. */
export type FacetKeyColumns = [
  mediaType: string,
  sourceType: string,
  status: number,
  codec: string | null,
  container: string | null,
  hasAudio: number,
  rating: number,
  width: number | null,
  height: number | null,
]

/** What the facet index holds of one asset, column by column (a raw row). */
export type FacetRow = [
  rowid: number,
  ...key: FacetKeyColumns,
  durationSeconds: number | null,
  sizeBytes: number | null,
  /** Import time in epoch milliseconds (null when the text is not a time). */
  importedMs: number | null,
  health: string | null,
  /** 1 when the asset has near-duplicates (migration 0250), else 0. */
  nearDuplicates: number,
  ...generation: GenerationColumns,
  /** 1 when a workflow made or used the asset, else 0. */
  hasWorkflow: number,
  /** 1 when the asset is a member of a stack whose head is in the library (migration 0310), else 0. */
  stacked: number,
  /** The values of the facets the filter table declares (browse-model/filters.ts' TABLE_FACETS), in its order. */
  ...tableFacets: TableFacetValue[],
]

/** A value of a facet the filter table declares. */
export type TableFacetValue = string | number | null

/** Where the table's facets start in a FacetRow. */
export const TABLE_FACETS_AT = 21

/** What an asset's generation details say (migration 0300's facets). */
export type GenerationColumns = [
  provider: string | null,
  model: string | null,
  sampler: string | number | null,
  steps: string | number | null,
]
