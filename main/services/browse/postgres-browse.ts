import type { SqlEngine } from '../../db/sql/sql-engine'
import type { SearchTexts } from '../../db/repos/media-match'
import { createPostgresPages } from '../../db/repos/media-page-postgres'
import { createWordShares } from '../../db/repos/word-shares-postgres'
import { createStacksRepo } from '../../db/repos/stacks'
import { searchTextsPostgres } from '../../db/repos/search-texts-postgres'
import { createHubFacetIndex } from '../facet-index/hub-facet-index'
import type { BrowsedPage, MediaBrowse, PageAsk } from './media-browse'

/**
 * A hub's pages, each read in one snapshot of its PostgreSQL catalogue, and its facet counts from its facet index in
 * memory (hub-facet-index.ts).
 */
export function postgresBrowse(sql: SqlEngine): MediaBrowse {
  const facetIndex = createHubFacetIndex(sql)
  const shares = createWordShares()
  const rowsOf = (on: SqlEngine, { params, by, desc, after, limit, view }: PageAsk) =>
    createPostgresPages(on, shares).page(params, by, desc, after, limit, view)
  return {
    facets: (params, filter) => facetIndex.facets(params, filter),
    warm: () => facetIndex.warm(),
    // A page without words or stacks is one statement, a snapshot of its own: no transaction's two round trips.
    page: async (ask, textsFor) =>
      ask.params.query === null && ask.params.collapseStacks === null
        ? { rows: await rowsOf(sql, ask), stackSizes: new Map(), texts: new Map() }
        : sql.transaction(
            async (tx): Promise<BrowsedPage> => {
              const rows = await rowsOf(tx, ask)
              const heads = ask.params.collapseStacks === null ? [] : rows.map((row) => row.asset.id)
              const wanted = textsFor(rows)
              return {
                rows,
                stackSizes: await createStacksRepo(tx).sizes(heads),
                texts: wanted.length === 0 ? new Map<string, SearchTexts>() : await searchTextsPostgres(tx, wanted),
              }
            },
            { readOnly: true },
          ),
  }
}
