import type { Database } from 'better-sqlite3'
import { createBatchItemsRepo } from './batch-items'
import { createFacetRowsRepo } from './facet-rows'
import { createHealthRepo } from './health'
import { createImportItemsRepo } from './import-items'
import { createJobsRepo } from './jobs'
import { createLibraryMetaRepo } from './library-meta'
import { createMediaRepo } from './media'
import { createSearchTextReader } from './media-match'
import { createMediaSearchRepo } from './media-search'
import { createProvenanceRepo } from './provenance'
import { createSchemaStatsRepo } from './schema-stats'
import { createSimilarRepo } from './similar'
import { createStatsRepo } from './stats'
import { createTrashRepo } from './trash'
import { createVideoGenerationRepo } from './video-generation'
import { createWorkflowExecutionsRepo } from './workflow-executions'
import { createWorkflowVideosRepo } from './workflow-videos'
import { createStacksRepo } from './stacks'
import { createPipelineRunsRepo } from './pipeline-runs'
import { createSubtitlesRepo } from './subtitles'
import { createScreenTextRepo } from './screen-text'

/** Every repo of one library database, statements prepared once here. */
export function createLibraryRepos(db: Database) {
  return {
    meta: createLibraryMetaRepo(db),
    schemaStats: createSchemaStatsRepo(db),
    media: createMediaRepo(db),
    importItems: createImportItemsRepo(db),
    search: createMediaSearchRepo(db),
    /** The searched texts of a page's assets, to say why each matched. */
    searchTexts: createSearchTextReader(db),
    facetRows: createFacetRowsRepo(db),
    trash: createTrashRepo(db),
    health: createHealthRepo(db),
    provenance: createProvenanceRepo(db),
    stats: createStatsRepo(db),
    jobs: createJobsRepo(db),
    batchItems: createBatchItemsRepo(db),
    workflowExecutions: createWorkflowExecutionsRepo(db),
    workflowVideos: createWorkflowVideosRepo(db),
    generation: createVideoGenerationRepo(db),
    similar: createSimilarRepo(db),
    stacks: createStacksRepo(db),
    pipelineRuns: createPipelineRunsRepo(db),
    screenText: createScreenTextRepo(db),
    subtitles: createSubtitlesRepo(db),
  }
}
/** The repos of one library (see createLibraryRepos). */
export type LibraryRepos = ReturnType<typeof createLibraryRepos>
