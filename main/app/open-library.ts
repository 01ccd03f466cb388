import { sqliteBrowse } from '../services/browse/sqlite-browse'
import os from 'node:os'
import path from 'node:path'
import type { Migration } from '../db/migration'
import { migrations as shippedMigrations } from '../db/migrations/index'
import { openDatabase } from '../db/open-database'
import { createCatalog } from '../db/catalog'
import { createLibraryRepos } from '../db/repos/library-repos'
import { sqliteEngine } from '../db/sql/sqlite-engine'
import { createChangeFeed, type ChangeFeedTiming } from '../db/change-feed'
import { createIngest } from '../ingest/ingest'
import type { IngestOptions } from '../ingest/ingest-context'
import type { UploadOptions } from '../ingest/uploads'
import { createJobRegistry } from '../jobs/job-handler'
import { createJobRunner, type JobListeners } from '../jobs/runner'
import type { ImportItemsRepo } from '../db/repos/import-items'
import { importJobView, importProgressView } from '../ingest/import-view'
import { createToolkit } from '../media/toolkit'
import { createEventBus, type EventBus } from '../library/event-bus'
import { DATABASE_FILE } from '../library/library-paths'
import type { LibraryDatabase, LibrarySwitch, LocalLibrary, RevealFile } from './library-context'
import { ensureLibraryFolder, refuseUnfinishedRestore } from '../library/library-location'
import { keepOwnedPathsCurrent } from '../library/owned-paths'
import { realPathOf } from '../security/contained-path'
import { createPathGate } from '../security/path-gate'
import { folderObjectStore } from '../storage/folder-object-store'
import { createFacetIndex } from '../services/facet-index/facet-index'
import { libraryFacetSources } from '../services/facet-index/facet-sources'
import { removeStaleBackupTemps } from '../services/library/backup'
import { hashAfterImports } from '../services/similar/hash-after-imports'
import { watchFolders, type WatchTiming } from '../services/watch-folders/folder-watcher'
import { keepNearDuplicateSet } from '../services/similar/near-duplicate-set'
import { pairSidecarsAfterImports } from '../services/stacks/sidecar-pairs'
import { createNearDuplicates } from '../services/similar/near-duplicates'
import { sweepUnmadeTimelines } from '../services/pipelines/timelines'
import { finishInterruptedBatches } from '../services/trash/trash-moves'
import { recordImportedGeneration } from '../services/workflows/import-generation'
import { jobHandlers } from './job-handlers'

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
  /** The host's way to open another library in this one's place (library:open); unsupported without it. */
  switchLibrary?: LibrarySwitch
  /** Whether each import that added assets queues the near-duplicate hashing job (the app's hosts do; default off). */
  hashAfterImports?: boolean
  /** Imports the new files of the watched folders (the app's hosts; timing for tests). */
  watchFolders?: boolean | Partial<WatchTiming>
  /** How long a job's lease lasts unrenewed (default 30 s, or $FRAMEVAULT_JOB_LEASE_MS); tests shorten it. */
  jobLeaseMs?: number
  /** How often `library:changed` goes out and other processes' changes are looked for (shorter in tests). */
  changeTiming?: Partial<ChangeFeedTiming>
}

/** Opens the library folder `dir`, creating it and its database when missing, and composes its domains. */
export function openLibrary(dir: string, options: OpenLibraryOptions = {}): LocalLibrary {
  const root = ensureLibraryFolder(path.resolve(dir))
  refuseUnfinishedRestore(root)
  const databasePath = path.join(root, DATABASE_FILE)
  const { db, migration } = openDatabase(databasePath, options.migrations ?? shippedMigrations, options)
  // Before anything reads a path: a library folder that was moved has its copies' recorded paths follow it.
  keepOwnedPathsCurrent(db, root)
  const events = createEventBus()
  // Before any statement is prepared: each one that writes a tracked table reports it.
  const changes = createChangeFeed(db, events, options.changeTiming)
  const repos = createLibraryRepos(db)
  // Handlers run against the library composed below; none runs before openLibrary returns.
  const registry = createJobRegistry(jobHandlers, () => lib)
  const catalog = createCatalog(sqliteEngine(db))
  const jobs = createJobRunner(catalog.repos.jobs, jobEvents(events, catalog.repos.importItems), registry, {
    concurrency: os.cpus().length,
    leaseMs: options.jobLeaseMs,
    isOpen: () => db.open,
  })
  const realRoot = realPathOf(root)
  const store = folderObjectStore(root, realRoot)
  // What a killed delete, undo or emptying left half done; the rows agree with the objects meanwhile, as each step
  // copies an object before its rows commit and deletes the other key after. Closing waits for it.
  const trashRecovered = finishInterruptedBatches({ root, realRoot, catalog, store }).then(
    () => undefined,
    (error: unknown) => console.error('framevault: the trash could not be looked over:', error),
  )
  const tools = createToolkit(options.ingest?.tools, options.ingest?.startHelper)
  const ingest = createIngest({
    root,
    store,
    db,
    catalog,
    events,
    changes,
    runner: jobs,
    tools,
    options: options.ingest,
    uploads: options.uploads,
    // Generation details are written in the import's transaction, by its repos.
    recordGeneration: recordImportedGeneration,
    rereadGeneration: (assetId: string) => catalog.repos.workflowVideos.lacksDefinition(assetId),
  })
  // What backups killed midway left in backups/; closing waits for it, as for the ingest sweeps.
  const backupsSwept = removeStaleBackupTemps(root).catch(() => 0)
  const facetIndex = createFacetIndex(repos.facetRows, libraryFacetSources(root, databasePath, options))
  const nearDuplicates = createNearDuplicates(catalog.repos.similar)
  let closing: Promise<void> | undefined
  let stopHashing = () => {}
  let stopWatching = () => Promise.resolve()
  let stopKeepingSet = () => Promise.resolve()
  let sidecarsPaired = () => Promise.resolve()
  // What open looks over before requests are served: jobs lost by killed processes, then what killed runs left.
  let opened = Promise.resolve()
  const sqlite: LibraryDatabase = { path: databasePath, db, repos, migration, facetIndex }
  const lib: LocalLibrary = {
    dir: root,
    realDir: ingest.ctx.realDir,
    store,
    trashRecovered,
    get opened() {
      return opened
    },
    catalog,
    sqlite,
    databasePath,
    db,
    repos,
    migration,
    events,
    changes,
    actor: options.actor ?? os.userInfo().username,
    tools,
    ingest: ingest.ctx,
    importer: ingest.importer,
    uploads: ingest.uploads,
    jobs,
    facetIndex,
    browse: sqliteBrowse(db, repos, facetIndex),
    nearDuplicates,
    pathGate: createPathGate(options.allowedPaths ?? 'any'),
    nativeBinding: options.nativeBinding,
    revealFile: options.revealFile,
    switchLibrary: options.switchLibrary,
    close() {
      stopHashing()
      const watchingStopped = stopWatching()
      const setKept = stopKeepingSet()
      closing ??= Promise.all([ingest.swept, backupsSwept, setKept, opened, trashRecovered])
        .then(() => jobs.close())
        .then(() => nearDuplicates.close())
        .then(() => ingest.importer.close())
        // The watcher notes the outcomes of the imports that just ended: before the database closes.
        .then(() => watchingStopped)
        // The imports that ended meanwhile (cancelled by the close, too) have their sidecars stacked first.
        .then(() => sidecarsPaired())
        .then(() => tools.close())
        .then(() => ingest.ctx.close())
        // Kept for the next run's first media:facets; a failure to write it costs that run a read, nothing else.
        .then(() => facetIndex.save().catch((error: unknown) => console.error('The facet index was not kept:', error)))
        .finally(() => {
          changes.close()
          db.close()
        })
      return closing
    },
  }
  if (options.hashAfterImports === true) stopHashing = hashAfterImports(lib)
  if (options.watchFolders) stopWatching = watchFolders(lib, options.watchFolders === true ? {} : options.watchFolders)
  const nearDuplicateSet = keepNearDuplicateSet(lib)
  stopKeepingSet = () => nearDuplicateSet.stop()
  sidecarsPaired = pairSidecarsAfterImports(lib)
  opened = sweepUnmadeTimelines(lib, jobs.swept)
  return lib
}

/**
 * The job runner's notifications as library events; an import's also as the `import:*` events of its view (with
 * the counts read for it, in the order the jobs changed).
 */
function jobEvents(events: EventBus, importItems: ImportItemsRepo): JobListeners {
  let importViews = Promise.resolve()
  return {
    updated(job) {
      events.emit('job:updated', { job })
      if (job.kind !== 'import') return
      const summary = importItems.summary(job.id)
      importViews = importViews
        .then(async () => events.emit('import:updated', { job: importJobView(job, await summary), item: null }))
        .catch((error: unknown) => console.error('framevault: an import could not be told:', error))
    },
    progress(jobId, kind, progress) {
      events.emit('job:progress', { jobId, kind, ...progress })
      if (kind === 'import') events.emit('import:progress', importProgressView(jobId, progress))
    },
  }
}
