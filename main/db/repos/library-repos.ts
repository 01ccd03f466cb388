import type { Database } from 'better-sqlite3'
import { createBatchItemsRepo } from './batch-items'
import { createFacetRowsRepo } from './facet-rows'
import { createImportItemsRepo } from './import-items'
import { createJobsRepo } from './jobs'
import { createLibraryMetaRepo } from './library-meta'
import { createSearchTextReader } from './media-match'
import { createMediaSearchRepo } from './media-search'
import { createProvenanceRepo } from './provenance'
import { createSchemaStatsRepo } from './schema-stats'
import { createStacksRepo } from './stacks'

/** Every repo of one library database, statements prepared once here. */
export function createLibraryRepos(db: Database) {
  return {
    meta: createLibraryMetaRepo(db),
    schemaStats: createSchemaStatsRepo(db),
    importItems: createImportItemsRepo(db),
    search: createMediaSearchRepo(db),
    /** The searched texts of a page's assets, to say why each matched. */
    searchTexts: createSearchTextReader(db),
    facetRows: createFacetRowsRepo(db),
    provenance: createProvenanceRepo(db),
    jobs: createJobsRepo(db),
    batchItems: createBatchItemsRepo(db),
    stacks: createStacksRepo(db),
  }
}
/** The repos of one library (see createLibraryRepos). */
export type LibraryRepos = ReturnType<typeof createLibraryRepos>
