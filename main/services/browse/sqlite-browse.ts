import type { Database } from 'better-sqlite3'
import type { FacetIndex } from '../facet-index/facet-index'
import type { LibraryRepos } from '../../db/repos/library-repos'
import type { MediaBrowse } from './media-browse'
import { createSortOrders } from './sort-orders'

/**
 * A library's pages, read in one SQLite read transaction (media-search.ts, with the facet index's text marks once
 * it has read them, for a text walk in memory, and the order by name held in memory once a search by name or
 * `warm` has read it), and its facet counts from the in-memory facet index.
 */
export function sqliteBrowse(
  db: Database,
  repos: Pick<LibraryRepos, 'search' | 'stackSizes' | 'searchTexts' | 'sortOrderRows' | 'facetRows'>,
  facetIndex: FacetIndex,
): MediaBrowse {
  const orders = createSortOrders(repos.sortOrderRows, repos.facetRows)
  return {
    warm: () => facetIndex.ready().then(() => orders.read('name')),
    /**
     * Counts from the in-memory facet index (main/services/facet-index/; its first read does not hold the event
     * loop, and requests meanwhile are counted by a grouped walk where they can be), read in one transaction so
     * that the change log and the rows it names are one snapshot (an import or tag edit in between cannot skew
     * the counts).
     */
    async facets(params, filter) {
      const meanwhile = await facetIndex.whileReading(params, filter)
      if (meanwhile !== null) return meanwhile
      await facetIndex.ready()
      return db.transaction(() => facetIndex.facets(params, filter))()
    },
    page: async ({ params, by, desc, after, limit, view }, textsFor) =>
      db.transaction(() => {
        const rows = repos.search.page(params, by, desc, after, limit, facetIndex.textMarker(), orders, view)
        const heads = params.collapseStacks === null ? [] : rows.map((row) => row.asset.id)
        const wanted = textsFor(rows)
        return {
          rows,
          stackSizes: repos.stackSizes(heads),
          texts: wanted.length === 0 ? new Map() : repos.searchTexts(wanted),
        }
      })(),
  }
}
