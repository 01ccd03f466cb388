import { mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { AppError } from '../../shared/errors'
import type { MigrationResult } from '../db/migrate'
import type { Migration } from '../db/migration'
import { migrations as shippedMigrations } from '../db/migrations/index'
import { openDatabase } from '../db/open-database'
import { createCollectionsRepo, type CollectionsRepo } from '../db/repos/collections'
import { createFacetRowsRepo, type FacetRowsRepo } from '../db/repos/facet-rows'
import { createHealthRepo, type HealthRepo } from '../db/repos/health'
import { createImportJobsRepo, type ImportJobsRepo } from '../db/repos/import-jobs'
import { createLibraryMetaRepo, type LibraryMetaRepo } from '../db/repos/library-meta'
import { createMediaRepo, type MediaRepo } from '../db/repos/media'
import { createAnalysisStore, type AnalysisStore } from '../db/repos/analysis-cache'
import { createAnalysisSearchRepo, type AnalysisSearchRepo } from '../db/repos/analysis-search'
import { createMediaSearchRepo, type MediaSearchRepo } from '../db/repos/media-search'
import { createJobsRepo, type JobsRepo } from '../db/repos/jobs'
import { createProcessingStore, type ProcessingStore } from '../db/repos/processing-cache'
import { createOrganiseRepo, type OrganiseRepo } from '../db/repos/organise'
import { createProvenanceRepo, type ProvenanceRepo } from '../db/repos/provenance'
import { createSchemaStatsRepo, type SchemaStatsRepo } from '../db/repos/schema-stats'
import { createStatsRepo, type StatsRepo } from '../db/repos/stats'
import { createTrashRepo, type TrashRepo } from '../db/repos/trash'
import { createVideoGenerationRepo, type VideoGenerationRepo } from '../db/repos/video-generation'
import { createWorkflowExecutionsRepo, type WorkflowExecutionsRepo } from '../db/repos/workflow-executions'
import { createWorkflowVideosRepo, type WorkflowVideosRepo } from '../db/repos/workflow-videos'
import { createWorkflowsRepo, type WorkflowsRepo } from '../db/repos/workflows'
import { createImporter, type Importer } from '../ingest/importer'
import { recordImportedGeneration } from '../services/workflows/import-generation'
import { createIngestContext, type IngestContext, type IngestOptions } from '../ingest/ingest-context'
import { removeStaleTemps, removeStaleThumbnailTemps } from '../ingest/staging'
import { createUploads, type UploadOptions, type Uploads } from '../ingest/uploads'
import { createPathGate, type PathGate } from '../security/path-gate'
import { createFacetIndex, type FacetIndex } from '../services/facet-index/facet-index'
import { createJobRunner, type JobRunner } from '../jobs/runner'
import { finishInterruptedBatches } from '../services/trash/trash-moves'
import { createEventBus, type EventBus } from './event-bus'
import { stagingDir, thumbnailsDir } from './library-paths'

export const DATABASE_FILE = 'library.db'

/** The context every service function works on: one open library folder. */
export interface Library {
  dir: string
  /** `dir` with symlinks followed, resolved once at open (see realPathBelow). */
  realDir: string
  databasePath: string
  db: Database
  repos: {
    meta: LibraryMetaRepo
    schemaStats: SchemaStatsRepo
    media: MediaRepo
    importJobs: ImportJobsRepo
    search: MediaSearchRepo
    analyses: AnalysisStore
    analysisSearch: AnalysisSearchRepo
    processing: ProcessingStore
    jobs: JobsRepo
    facetRows: FacetRowsRepo
    organise: OrganiseRepo
    trash: TrashRepo
    health: HealthRepo
    provenance: ProvenanceRepo
    collections: CollectionsRepo
    stats: StatsRepo
    workflows: WorkflowsRepo
    workflowExecutions: WorkflowExecutionsRepo
    workflowVideos: WorkflowVideosRepo
    generation: VideoGenerationRepo
  }
  events: EventBus
  /** What opening did to the schema. */
  migration: MigrationResult
  /** Who acts through this host: recorded as `imported_by`. */
  actor: string
  ingest: IngestContext
  importer: Importer
  uploads: Uploads
  /** Every asset's facet columns in memory, for media:facets; read at its first use. */
  facetIndex: FacetIndex
  /** Jobs other than imports (analyses, processing, verify, relink): queued, run, stored, cancelled. */
  jobs: JobRunner
  /** Which folders path imports may read from (see main/security/path-gate.ts). */
  pathGate: PathGate
  /** The better-sqlite3 addon to open other database files with (backups): Electron's build, or Node's when unset. */
  nativeBinding: string | undefined
  /** Shows a file in the OS file manager, where the host has one (Electron). */
  revealFile: RevealFile | undefined
  /** Cancels running work, stops workers and closes the database. */
  close(): Promise<void>
}

export interface OpenLibraryOptions {
  nativeBinding?: string
  migrations?: readonly Migration[]
  ingest?: IngestOptions
  /** Who acts through this host (default: the OS user). */
  actor?: string
  /** Folders path imports may read from; 'any' (the default) for trusted callers such as the CLI. */
  allowedPaths?: 'any' | readonly string[]
  /** Size caps and expiry of web-host uploads (defaults suit video). */
  uploads?: UploadOptions
  /** The host's "show in folder" (Electron's shell); media:reveal is unsupported without it. */
  revealFile?: RevealFile
}

/** Shows one file (an absolute, real path) in the OS file manager. */
export type RevealFile = (file: string) => void | Promise<void>

/** Opens the library folder `dir`, creating it and its database when missing. */
export function openLibrary(dir: string, options: OpenLibraryOptions = {}): Library {
  const root = path.resolve(dir)
  ensureFolder(root)
  const databasePath = path.join(root, DATABASE_FILE)
  const { db, migration } = openDatabase(databasePath, options.migrations ?? shippedMigrations, options)
  const repos = {
    meta: createLibraryMetaRepo(db),
    schemaStats: createSchemaStatsRepo(db),
    media: createMediaRepo(db),
    importJobs: createImportJobsRepo(db),
    search: createMediaSearchRepo(db),
    facetRows: createFacetRowsRepo(db),
    organise: createOrganiseRepo(db),
    trash: createTrashRepo(db),
    health: createHealthRepo(db),
    provenance: createProvenanceRepo(db),
    collections: createCollectionsRepo(db),
    stats: createStatsRepo(db),
    analyses: createAnalysisStore(db),
    analysisSearch: createAnalysisSearchRepo(db),
    processing: createProcessingStore(db),
    jobs: createJobsRepo(db),
    workflows: createWorkflowsRepo(db),
    workflowExecutions: createWorkflowExecutionsRepo(db),
    workflowVideos: createWorkflowVideosRepo(db),
    generation: createVideoGenerationRepo(db),
  }
  const events = createEventBus()
  const jobs = createJobRunner(
    repos.jobs,
    {
      updated: (job) => events.emit('job:updated', { job }),
      progress: (jobId, kind, progress) => events.emit('job:progress', { jobId, kind, ...progress }),
    },
    os.cpus().length,
  )
  const ingest = createIngestContext(root, db, repos.media, options.ingest)
  // Before anything reads the library: what a killed delete, undo or emptying left half done is finished.
  finishInterruptedBatches({ root, realRoot: ingest.realDir, db, trash: repos.trash })
  const importer = createImporter({
    db,
    media: repos.media,
    jobs: repos.importJobs,
    events,
    ctx: ingest,
    recordGeneration: (assetId, facts, importedAt) => recordImportedGeneration(repos, assetId, facts, importedAt),
  })
  void removeStaleTemps(stagingDir(root))
  // Close waits for it, so the sweep never runs on after the library (or its folder) is gone.
  const sweepingThumbnails = removeStaleThumbnailTemps(thumbnailsDir(root)).catch(() => 0)
  let closing: Promise<void> | undefined
  return {
    dir: root,
    realDir: ingest.realDir,
    databasePath,
    db,
    repos,
    events,
    migration,
    actor: options.actor ?? os.userInfo().username,
    ingest,
    importer,
    uploads: createUploads(root, options.uploads),
    jobs,
    facetIndex: createFacetIndex(repos.facetRows),
    pathGate: createPathGate(options.allowedPaths ?? 'any'),
    nativeBinding: options.nativeBinding,
    revealFile: options.revealFile,
    close() {
      closing ??= sweepingThumbnails
        .then(() => jobs.close())
        .then(() => importer.close())
        .then(() => ingest.close())
        .finally(() => db.close())
      return closing
    },
  }
}

function ensureFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? 'a file with that name is in the way'
        : (error as Error).message
    throw new AppError('io', `Cannot use ${dir} as the library folder: ${reason}.`)
  }
}
