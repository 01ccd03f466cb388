import type { MediaAsset, MediaListItem, MediaSortKey } from '../../../shared/contract'

// What a page and a facet count are asked and give, on either engine: the SQLite browse (media-search.ts,
// facet-rows.ts) and the PostgreSQL one (media-page-postgres.ts, facet-rows-postgres.ts) each read these from here,
// and neither from the other.

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
  /** 1: only assets with near-duplicates; 0: only the others. */
  hasNearDuplicates: number | null
  health: string | null
  /** Who imported (JSON list of names, any of them). */
  importedBy: string | null
  /** Review statuses (JSON list, any of them). */
  reviewStatus: string | null
  collection: number | null
  provider: string | null
  model: string | null
  sampler: string | null
  steps: string | null
  /** LoRA names (JSON), all required, and how many. */
  loras: string | null
  loraCount: number | null
  hasWorkflow: number | null
  /** 1: members of stacks whose head is in the library are left out. */
  collapseStacks: number | null
  /**
   * The caller's visibility (browse-model/visibility.ts): the collections (JSON list of ids) whose members alone a
   * person limited to shared collections sees; null for every asset.
   */
  visibleIn: string | null
}

/**
 * What starts the text query (`SearchParams.query`) of a person who may not read notes (viewers, commenters; issue
 * 60 point 3): on a library, an FTS5 column filter that asks every column of `videos_fts` but `notes`, put before the
 * words in parentheses; a hub's page builders read it as "words of the search document's public weight alone" (hub
 * migration 0450).
 */
export const WITHOUT_NOTES = '- {notes} : '

/** Whether a text query of SearchParams asks the notes too (false: for who may not read them). */
export function searchesNotes(query: string): boolean {
  return !query.startsWith(WITHOUT_NOTES)
}

/** Where a keyset page starts: after the row with this sort key and id. */
export interface PageAfter {
  key: string | number
  id: string
}

/**
 * A row of a page: the asset and its sort key (a cursor is made from the last one's); of a text walk against marks
 * the prefix index told, the text index's columns holding the searched word (bit n: column n, SEARCH_FIELDS' order).
 */
export interface PageRow {
  asset: ListedAsset
  key: string | number
  hitColumns?: number
  /** The row's notes and original path, which a search tells why an asset matched from (a list item leaves them out). */
  notes: string | null
  originalPath: string | null
}

/** A page's asset: a list item (what a card or row shows), or the whole record when a page is asked for them. */
export type ListedAsset = MediaListItem | MediaAsset

/** The indexed NOT NULL sort column of each sort, and its index (a library's migration 0060, a hub's 0170). */
export const SORT_COLUMNS: Record<MediaSortKey, string> = {
  imported: 'sort_imported',
  name: 'sort_name',
  duration: 'sort_duration',
  size: 'sort_size',
  resolution: 'sort_pixels',
}
