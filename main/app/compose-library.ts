import { teamLibraryClient } from './team-library'
import os from 'node:os'
import type { Catalog } from '../db/catalog'
import type { DatabaseFacts } from '../db/database-facts'
import type { LibraryChanges } from '../db/library-changes'
import type { HashCacheRepo } from '../db/repos/hash-cache'
import type { ImportItemsRepo } from '../db/repos/import-items'
import { createIngest } from '../ingest/ingest'
import type { IngestOptions } from '../ingest/ingest-context'
import { importJobView, importProgressView } from '../ingest/import-view'
import type { UploadOptions } from '../ingest/uploads'
import { createJobRegistry } from '../jobs/job-handler'
import { createJobRunner } from '../jobs/runner'
import type { JobListeners } from '../jobs/runner-options'
import type { JobSignals } from '../jobs/job-signals'
import type { JobKind } from '../../shared/contract'
import type { EventBus } from '../library/event-bus'
import { createToolkit } from '../media/toolkit'
import { realPathOf } from '../security/contained-path'
import { createPathGate } from '../security/path-gate'
import type { MediaBrowse } from '../services/browse/media-browse'
import { followAssetJobs } from '../services/batches/asset-jobs'
import { removeStaleBackupTemps } from '../services/library/backup'
import { sweepUnmadeTimelines } from '../services/pipelines/timelines'
import { keepNearDuplicateSet } from '../services/similar/near-duplicate-set'
import { createNearDuplicates } from '../services/similar/near-duplicates'
import { finishInterruptedBatches } from '../services/trash/trash-moves'
import { watchFolders, type WatchTiming } from '../services/watch-folders/folder-watcher'
import { recordImportedGeneration } from '../services/workflows/import-generation'
import { folderObjectStore } from '../storage/folder-object-store'
import type { ObjectStore } from '../storage/object-store'
import type { RowNames } from '../library/core-context'
import { followUpsOf } from './job-follow-ups'
import { jobHandlers } from './job-handlers'
import type { Library, LibraryDatabase, LibrarySwitch, RevealFile } from '../services/library-context'
import { SEES_ALL } from '../services/visibility/visibility'

/** How a host composes a library, whatever its engine. */
export interface ComposeOptions {
  nativeBinding?: string
  ingest?: IngestOptions
  /** Who acts through this host (default: the OS user). */
  actor?: string
  /** Folders path imports may read from; 'any' (the default) for trusted callers such as the CLI. */
  allowedPaths?: 'any' | readonly string[]
  /** Size caps and expiry of web-host uploads (defaults suit video). */
  uploads?: UploadOptions
  /** The host's "show in folder" (Electron's shell); media:reveal is unsupported without it. */
  revealFile?: RevealFile
  /** Where people open the library in a browser (a hub's public address, known once it listens). */
  publicAddress?: () => string
  /** The host's way to open another library in this one's place (library:open); unsupported without it. */
  switchLibrary?: LibrarySwitch
  /** Whether hashing for near-duplicates follows each import that added assets (the app's hosts do; default off). */
  hashAfterImports?: boolean
  /** Imports the new files of the watched folders (the app's hosts; timing for tests). */
  watchFolders?: boolean | Partial<WatchTiming>
  /** How long a job's lease lasts unrenewed (default 30 s, or $FRAMEVAULT_JOB_LEASE_MS); tests shorten it. */
  jobLeaseMs?: number
  /** Jobs this process runs at once (default: one per CPU). */
  concurrency?: number
  /**
   * Of the kinds waiting in the engine's shared queue, those this process claims (default all of them; none for a
   * hub that leaves its long work to workers, `--workers 0`).
   */
  claims?: readonly JobKind[]
  /** How many times a queued job is claimed before a worker that vanishes during it fails it (default 3). */
  jobAttempts?: number
  /** Whether this process hears how the shared queue's jobs run elsewhere (default yes; a worker serves no window). */
  followsOthers?: boolean
}

/** What a library's engine brings to its composition: a library folder's SQLite file, or a hub's PostgreSQL. */
export interface LibraryEngine {
  catalog: Catalog
  /** The catalogue's change log, whose `library:changed` events go out on the library's bus. */
  changes: LibraryChanges
  browse: MediaBrowse
  sqlite: LibraryDatabase | null
  /** How the rows name copies' files: a library folder's by path (plugins open them), a hub's by key alone. */
  rowNames: RowNames
  /** Where the bytes are, when not in the library folder (a hub's S3 bucket); default: the folder's own store. */
  store?: ObjectStore
  /** The SHA-256 of this machine's files by path, size and time (a library's own table), or none. */
  hashCache: HashCacheRepo | null
  /** Where the catalogue's database is, its schema version, tables and size (the Settings page's). */
  describe(): Promise<DatabaseFacts>
  /** Whether the database is still open (a job runner stops renewing its leases once it is not). */
  isOpen(): boolean
  /** A queue that the runners of many processes share (a hub's), with how they signal each other; none for a library. */
  jobQueue?: { kinds: readonly JobKind[]; signals: JobSignals }
  /** Closes the engine's part, once everything else has stopped. */
  close(): Promise<void>
}

/**
 * Composes the domains of a library over its folder `root` (its files: copies, thumbnails, frames, uploads) and its
 * engine: one composition for a library folder and a hub, so no domain forks by engine.
 */
export function composeLibrary(
  root: string,
  events: EventBus,
  engine: LibraryEngine,
  options: ComposeOptions = {},
): Library {
  const { catalog, changes } = engine
  // Handlers run against the library composed below; none runs before this returns.
  const registry = createJobRegistry(jobHandlers, () => lib, followUpsOf(options))
  const { jobQueue } = engine
  const jobs = createJobRunner(catalog.repos.jobs, jobEvents(events, catalog.repos.importItems), registry, {
    concurrency: options.concurrency ?? os.cpus().length,
    leaseMs: options.jobLeaseMs,
    isOpen: engine.isOpen,
    queue: jobQueue && {
      ...jobQueue,
      claims: options.claims ?? jobQueue.kinds,
      attempts: options.jobAttempts,
      followsOthers: options.followsOthers,
    },
  })
  const realRoot = realPathOf(root)
  const store = engine.store ?? folderObjectStore(root, realRoot)
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
    rowNames: engine.rowNames,
    hashCache: engine.hashCache,
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
  const nearDuplicates = createNearDuplicates(catalog.repos.similar)
  let closing: Promise<void> | undefined
  let stopFollowing = () => {}
  let stopWatching = () => Promise.resolve()
  let setLookedAt = Promise.resolve()
  // What open looks over before requests are served: jobs lost by killed processes, then what killed runs left.
  const opened = sweepUnmadeTimelines({ catalog, store }, jobs.swept)
  const lib: Library = {
    dir: root,
    realDir: ingest.ctx.realDir,
    store,
    rowNames: engine.rowNames,
    trashRecovered,
    opened,
    catalog,
    sqlite: engine.sqlite,
    describeDatabase: engine.describe,
    events,
    changes,
    actor: options.actor ?? os.userInfo().username,
    visibility: SEES_ALL,
    readsNotes: true,
    tools,
    ingest: ingest.ctx,
    importer: ingest.importer,
    uploads: ingest.uploads,
    jobs,
    browse: engine.browse,
    nearDuplicates,
    pathGate: createPathGate(options.allowedPaths ?? 'any'),
    nativeBinding: options.nativeBinding,
    revealFile: options.revealFile,
    teamHub: teamLibraryClient,
    switchLibrary: options.switchLibrary,
    publicAddress: options.publicAddress,
    close() {
      stopFollowing()
      const watchingStopped = stopWatching()
      closing ??= Promise.all([ingest.swept, backupsSwept, setLookedAt, opened, trashRecovered])
        .then(() => jobs.close())
        .then(() => nearDuplicates.close())
        .then(() => ingest.importer.close())
        // The watcher notes the outcomes of the imports that just ended: before the database closes.
        .then(() => watchingStopped)
        .then(() => tools.close())
        .then(() => ingest.ctx.close())
        .finally(() => engine.close())
      return closing
    },
  }
  // A batch's outcomes follow retries of its assets' jobs, wherever those end.
  stopFollowing = followAssetJobs(lib)
  if (options.watchFolders) stopWatching = watchFolders(lib, options.watchFolders === true ? {} : options.watchFolders)
  // A set of assets with near-duplicates no process lived to bring up to date is, once the lost jobs are swept.
  setLookedAt = opened
    .then(() => (engine.isOpen() ? keepNearDuplicateSet(lib) : undefined))
    .catch((error: unknown) => console.error('framevault: the assets with near-duplicates were not looked at:', error))
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
