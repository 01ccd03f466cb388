import type { Database } from 'better-sqlite3'
import { createFacetRowsRepo } from './facet-rows'
import { createSearchTextReader } from './media-match'
import { createMediaSearchRepo } from './media-search'
import { createPushedCollectionsRepo } from './pushed-collections'
import { createSchemaStatsRepo } from './schema-stats'
import { createSortOrderRows } from './sort-order-rows'
import { createStackSizesReader } from './stack-sizes'

/** Every repo of one library database, statements prepared once here. */
export function createLibraryRepos(db: Database) {
  const stackSizes = createStackSizesReader(db)
  return {
    schemaStats: createSchemaStatsRepo(db),
    search: createMediaSearchRepo(db),
    /** The searched texts of a page's assets, to say why each matched. */
    searchTexts: createSearchTextReader(db),
    facetRows: createFacetRowsRepo(db),
    /** What the sort orders held in memory read (main/services/browse/sort-orders.ts). */
    sortOrderRows: createSortOrderRows(db),
    /** How many members each of a page's assets heads (the rest of stacks is `lib.catalog.repos.stacks`). */
    stackSizes,
    /** Where a push sent each collection, by hub (main/services/push/push-collections.ts). */
    pushedCollections: createPushedCollectionsRepo(db),
  }
}
/** The repos of one library (see createLibraryRepos). */
export type LibraryRepos = ReturnType<typeof createLibraryRepos>
