import type { MediaFacets, MediaFilter, MediaListView, MediaSortKey } from '../../../shared/contract'
import type { SearchTexts } from '../../db/repos/media-match'
import type { PageAfter, PageRow, SearchParams } from '../../db/browse-model/search-params'

/**
 * One page asked of the library: its filters and text, its order, where it starts, how many rows, and whether they
 * are list items or whole records.
 */
export interface PageAsk {
  params: SearchParams
  by: MediaSortKey
  desc: boolean
  after: PageAfter | null
  limit: number
  view: MediaListView
}

/** A page's rows, how many files stand under each head of it (when stacks collapse), and searched texts asked for. */
export interface BrowsedPage {
  rows: PageRow[]
  stackSizes: Map<string, number>
  texts: Map<string, SearchTexts>
}

/**
 * Pages of a library's or a hub's assets, on its engine. `textsFor` names the rows whose searched texts are read
 * with the page (to say why they matched); page, stack sizes and texts are one snapshot of the catalogue.
 */
export interface MediaBrowse {
  page(ask: PageAsk, textsFor: (rows: readonly PageRow[]) => string[]): Promise<BrowsedPage>
  /** How many assets each facet value would leave for these filters (`filter` is what `params` were made from). */
  facets(params: SearchParams, filter: MediaFilter): Promise<MediaFacets>
  /**
   * Reads what the first facet count needs (seconds at a million assets), and a library the order by name that a
   * text search by name walks, so that they need not wait.
   */
  warm(): Promise<void>
}
