import type { Catalog, CatalogRepos } from '../db/catalog'
import type { GenerationFacts } from '../generation/generation-facts'
import type { LibraryChanges } from '../db/library-changes'
import type { HashCacheRepo } from '../db/repos/hash-cache'
import type { EventBus } from '../library/event-bus'
import type { JobRunner } from '../jobs/runner'
import { stagingDir, thumbnailsDir } from '../library/library-paths'
import type { Toolkit } from '../media/toolkit'
import type { ObjectStore } from '../storage/object-store'
import type { RowNames } from '../library/core-context'
import { createImporter } from './importer'
import { createIngestContext, type IngestOptions } from './ingest-context'
import { removeStaleTemps, removeStaleThumbnailTemps } from '../library/atomic-write'
import { finishPlacements } from './placement-journal'
import { createUploads, type UploadOptions } from './uploads'

/** What the ingest domain needs from the library it serves. */
export interface IngestDeps {
  root: string
  /** The library's object store (main/storage/). */
  store: ObjectStore
  /** How new copies' rows name their files (by path, or on a hub by key). */
  rowNames: RowNames
  /** The SHA-256 of this machine's files by path, size and time, or none (every file is read). */
  hashCache: HashCacheRepo | null
  /** The library's catalogue, whose transactions write an import's outcomes. */
  catalog: Pick<Catalog, 'transaction' | 'repos'>
  events: EventBus
  /** Holds an import's changes until it ends (see ChangeFeed.batch). */
  changes: Pick<LibraryChanges, 'batch'>
  /** The library's job runner, which runs the imports. */
  runner: JobRunner
  tools: Toolkit
  options?: IngestOptions
  uploads?: UploadOptions
  /** Stores what a new asset's file says about how it was made, inside the asset's write transaction (`repos`'). */
  recordGeneration?(repos: CatalogRepos, assetId: string, facts: GenerationFacts, importedAt: string): Promise<void>
  /** Whether a duplicate's file is read again for what the library lacks of how it was made. */
  rereadGeneration?(assetId: string): Promise<boolean>
}

/**
 * The ingest domain of one library: its machinery, the importer and web uploads; what dead
 * processes left in `tmp/` and the thumbnail folders is swept.
 */
export function createIngest({
  root,
  store,
  rowNames,
  hashCache,
  catalog,
  events,
  changes,
  runner,
  tools,
  options,
  uploads,
  recordGeneration,
  rereadGeneration,
}: IngestDeps) {
  // Before any import runs: files killed imports placed without their rows get them (or go, as extra copies).
  const placementsFinished = finishPlacements(stagingDir(root), catalog.repos.media, store).catch((error: unknown) =>
    console.error('framevault: files of interrupted imports could not be finished:', error),
  )
  const ctx = createIngestContext({ dir: root, rowNames }, store, hashCache, catalog.repos.media, tools, options)
  const importer = createImporter({
    catalog,
    ready: placementsFinished,
    runner,
    events,
    changes,
    ctx,
    recordGeneration,
    rereadGeneration,
  })
  void removeStaleTemps(stagingDir(root))
  const received = createUploads(root, uploads)
  void received.sweepResumable().catch(() => undefined)
  return {
    ctx,
    importer,
    uploads: received,
    /**
     * The placements finished and the thumbnail temps swept: closing waits for both, so neither runs on after the
     * library (or its folder) is gone.
     */
    swept: Promise.all([placementsFinished, removeStaleThumbnailTemps(thumbnailsDir(root))]).then(
      () => undefined,
      () => undefined,
    ),
  }
}
