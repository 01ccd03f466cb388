import { createActivityRepo } from './repos/activity'
import { createAnalysisSearchRepo } from './repos/analysis-search'
import { createAnalysisStore } from './repos/analysis-cache'
import { createBatchItemsRepo } from './repos/batch-items'
import { createAnalysisSourcesRepo } from './repos/analysis-sources'
import { createCheckpointsRepo } from './repos/checkpoints'
import { createCollectionsRepo } from './repos/collections'
import { createCommentsRepo } from './repos/comments'
import { createCollectionSharesRepo } from './repos/collection-shares'
import { createEditVersionsRepo } from './repos/edit-versions'
import { createInboxRepo } from './repos/inbox'
import { createHealthRepo } from './repos/health'
import { createImportItemsRepo } from './repos/import-items'
import { createJobsRepo } from './repos/jobs'
import { createLibraryMetaRepo } from './repos/library-meta'
import { createMediaRepo } from './repos/media'
import { createOrganiseRepo } from './repos/organise'
import { createPeopleRepo } from './repos/people'
import { createPipelineRunsRepo } from './repos/pipeline-runs'
import { createProvenanceRepo } from './repos/provenance'
import { createRemovalsRepo } from './repos/removals'
import { createReviewsRepo } from './repos/reviews'
import { createReviewLinksRepo } from './repos/review-links'
import { createProcessingStore } from './repos/processing-cache'
import { createSavedSearchesRepo } from './repos/saved-searches'
import { createScreenTextRepo } from './repos/screen-text'
import { createSimilarRepo } from './repos/similar'
import { createStacksRepo } from './repos/stacks'
import { createStatsRepo } from './repos/stats'
import { createSubtitlesRepo } from './repos/subtitles'
import { createTimelinesRepo } from './repos/timelines'
import { createTrashRepo } from './repos/trash'
import { createVideoGenerationRepo } from './repos/video-generation'
import { createWatchFoldersRepo } from './repos/watch-folders'
import { createWorkflowExecutionsRepo } from './repos/workflow-executions'
import { createWorkflowVersionsRepo } from './repos/workflow-versions'
import { createWorkflowVideosRepo } from './repos/workflow-videos'
import { createWorkflowsRepo } from './repos/workflows'
import type { SqlEngine, TransactionOptions } from './sql/sql-engine'

/**
 * The repositories written once for both engines (issue 34), on an engine or on one of its transactions.
 * Domains move here from LibraryRepos (synchronous, SQLite only) one at a time.
 */
export function catalogRepos(sql: SqlEngine) {
  return {
    media: createMediaRepo(sql),
    subtitles: createSubtitlesRepo(sql),
    screenText: createScreenTextRepo(sql),
    organise: createOrganiseRepo(sql),
    editVersions: createEditVersionsRepo(sql),
    collections: createCollectionsRepo(sql),
    shares: createCollectionSharesRepo(sql),
    savedSearches: createSavedSearchesRepo(sql),
    people: createPeopleRepo(sql),
    activity: createActivityRepo(sql),
    timelines: createTimelinesRepo(sql),
    watchFolders: createWatchFoldersRepo(sql),
    checkpoints: createCheckpointsRepo(sql),
    workflows: createWorkflowsRepo(sql),
    workflowVersions: createWorkflowVersionsRepo(sql),
    workflowExecutions: createWorkflowExecutionsRepo(sql),
    workflowVideos: createWorkflowVideosRepo(sql),
    generation: createVideoGenerationRepo(sql),
    pipelineRuns: createPipelineRunsRepo(sql),
    analyses: createAnalysisStore(sql),
    analysisSearch: createAnalysisSearchRepo(sql),
    analysisSources: createAnalysisSourcesRepo(sql),
    processing: createProcessingStore(sql),
    trash: createTrashRepo(sql),
    similar: createSimilarRepo(sql),
    stacks: createStacksRepo(sql),
    health: createHealthRepo(sql),
    stats: createStatsRepo(sql),
    meta: createLibraryMetaRepo(sql),
    jobs: createJobsRepo(sql),
    importItems: createImportItemsRepo(sql),
    batchItems: createBatchItemsRepo(sql),
    provenance: createProvenanceRepo(sql),
    removals: createRemovalsRepo(sql),
    comments: createCommentsRepo(sql),
    reviews: createReviewsRepo(sql),
    inbox: createInboxRepo(sql),
    links: createReviewLinksRepo(sql),
  }
}
export type CatalogRepos = ReturnType<typeof catalogRepos>

/**
 * A catalogue narrowed to the repositories `K` its user reads and writes, in and out of transactions: what a service
 * takes (see services/library-context.ts's `Uses`). A whole `Catalog` is one.
 */
export interface CatalogOf<K extends keyof CatalogRepos> {
  readonly dialect: SqlEngine['dialect']
  readonly repos: Pick<CatalogRepos, K>
  /** Runs `work` with the repositories of one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (repos: Pick<CatalogRepos, K>) => Promise<T>, options?: TransactionOptions): Promise<T>
}

/** A library's or a hub's catalogue: its engine-neutral repositories, and transactions over them. */
export interface Catalog {
  readonly dialect: SqlEngine['dialect']
  readonly repos: CatalogRepos
  /** Runs `work` with the repositories of one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (repos: CatalogRepos) => Promise<T>, options?: TransactionOptions): Promise<T>
}

/** The catalogue over `sql`. */
export function createCatalog(sql: SqlEngine): Catalog {
  return {
    dialect: sql.dialect,
    repos: catalogRepos(sql),
    transaction: (work, options) => sql.transaction((tx) => work(catalogRepos(tx)), options),
  }
}
