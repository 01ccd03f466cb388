import { setMaxListeners } from 'node:events'
import path from 'node:path'
import type { ImportCounts, ImportItem, ImportJob, ImportResult } from '../../shared/contract'
import type { ImportOutcome } from '../../shared/contract/import-items'
import { AppError } from '../../shared/errors'
import type { Catalog, CatalogRepos } from '../db/catalog'
import type { NewImportItem } from '../db/repos/import-items'
import type { GenerationFacts } from '../generation/generation-facts'
import type { LibraryChanges } from '../db/library-changes'
import type { EventBus } from '../library/event-bus'
import { collectFiles, type FoundFile } from './collect-files'
import { importFile, type FileResult, type ImportSource } from './import-file'
import { createImportOrder } from './import-order'
import { importJobView } from './import-view'
import type { IngestContext } from './ingest-context'
import type { ImportRequest, UploadedSource } from './import-request'
import { createFileTally, type FileTally } from '../jobs/file-tally'
import type { JobContext } from '../jobs/job-handler'
import type { JobRunner } from '../jobs/runner'
import { importParams } from './import-job'
import { removeQuietly } from '../library/atomic-write'
import { createThumbnailer } from './thumbnail-scheduler'
import { uploadSidecars } from './upload-sidecars'
import { cachedSubtitleListing, pairedSubtitles, subtitlesAmong, subtitlesBeside } from '../media/subtitle-sidecars'

/**
 * Runs imports as jobs of kind `import` on the library's job runner, one at a time; files within a
 * job go through the pipeline concurrently and each file's outcome is written as it ends.
 */
export function createImporter(deps: {
  /** The library's catalogue on the same connection: an outcome is written in one of its transactions. */
  catalog: Pick<Catalog, 'transaction' | 'repos'>
  /** Settles once what killed imports left is finished (placement-journal.ts): imports wait for it. */
  ready: Promise<unknown>
  runner: JobRunner
  events: EventBus
  /** Holds an import's changes until it ends: views reload once per import, not per file (no read per imported file). */
  changes: Pick<LibraryChanges, 'batch'>
  ctx: IngestContext
  /** Stores what a new asset's file says about how it was made, inside the asset's write transaction (`repos`'). */
  recordGeneration?(repos: CatalogRepos, assetId: string, facts: GenerationFacts, importedAt: string): Promise<void>
  /** Whether a duplicate's file is read again for what the library lacks of how it was made. */
  rereadGeneration?(assetId: string): Promise<boolean>
}) {
  const { runner, events, ctx } = deps
  const items = deps.catalog.repos.importItems
  const thumbnailer = createThumbnailer({ media: deps.catalog.repos.media, events, ctx })
  // This process's imports until their leftover uploads are gone and their end is told.
  const ending = new Map<string, Promise<void>>()

  const view = async (id: string): Promise<ImportJob> => {
    const job = await runner.get(id)
    if (job.kind !== 'import') throw new AppError('not_found', `No import job ${id}.`)
    return importJobView(job, await items.summary(id))
  }

  /**
   * Writes a file's outcome and, for a new asset, its row, in one write transaction. Another
   * process may have stored the same content (under this id or, when its own claims held the
   * sampled id, under a collision id) or taken the id since this file was checked: the database
   * is the arbiter. Content already stored makes this file a duplicate of it; an id held by other
   * content gives 'taken' (nothing written). A new asset's content is no longer one deleted here.
   * The asset, its provenance and its item land together or not at all.
   */
  const writeOutcome = (jobId: string, seq: number, file: FoundFile, proposed: FileResult) =>
    deps.catalog.transaction(async (repos): Promise<FileResult | 'taken'> => {
      let result = proposed
      if (result.outcome === 'imported') {
        // Written unless its content is stored (by another process since this file was checked, or, on PostgreSQL,
        // committed while this one wrote) or its id is taken: which of the two, asked only then.
        if (!(await repos.media.insertUnlessTaken(result.asset))) {
          const winner = await repos.media.sameContent(result.asset.sampledId, result.asset.fileHash)
          if (!winner) return 'taken'
          result = { outcome: 'duplicate', assetId: winner.id }
        } else {
          const { id: assetId, importedAt } = result.asset
          // The content is here again: its deletion no longer holds against a push (issue 64 point 2).
          await repos.removals.forget({ kind: 'asset', hashes: [result.asset.fileHash] })
          if (result.generation) await deps.recordGeneration?.(repos, assetId, result.generation, importedAt)
          if (result.subtitles?.length) await repos.subtitles.replace(assetId, result.subtitles, importedAt)
        }
      } else if (result.outcome === 'duplicate' && result.generation) {
        await deps.recordGeneration?.(repos, result.assetId, result.generation, now())
      }
      await repos.importItems.addItem(jobId, toItem(seq, file, result), now())
      return result
    })

  /** A file's outcome as written, as `import:get` reads it: a new asset's name and path are the ones just written. */
  const itemOf = async (
    jobId: string,
    seq: number,
    file: FoundFile,
    written: FileResult,
  ): Promise<ImportItem | null> => {
    if (written.outcome !== 'imported') return (await items.item(jobId, seq)) ?? null
    const { assetId, ...item } = toItem(seq, file, written)
    return { ...item, asset: { id: assetId!, name: written.asset.name, filePath: written.asset.filePath } }
  }

  const runImport = async (request: ImportRequest, context: JobContext<ImportResult>): Promise<ImportResult> => {
    const { signal } = context
    await deps.ready
    // Every file in flight listens for the job's abort (hashing, probing): more than Node's default warning limit of 10.
    setMaxListeners(1000, signal)
    const result: ImportResult = {
      files: { done: 0, total: null },
      bytes: { done: 0, total: null },
      counts: { imported: 0, duplicate: 0, failed: 0 },
    }
    context.keep(result)
    const tally = createFileTally(context.progress, result.files, result.bytes)
    thumbnailer.hold()
    try {
      const sources = withoutPairedSubtitles(
        request.source === 'paths'
          ? (await collectFiles(request.paths, signal, request.permits)).map((file) => ({ file }))
          : request.uploads.map((upload) => ({ file: uploadAsFound(upload), upload })),
      )
      tally.setTotals(
        sources.length,
        sources.reduce((sum, { file }) => sum + (file.size ?? 0), 0),
      )
      const live = liveView(await view(context.jobId), result)
      await runFiles(context.jobId, request, sources, { tally, counts: result.counts, live, signal })
    } finally {
      tally.settle()
      thumbnailer.release()
    }
    return result
  }

  const runFiles = async (
    id: string,
    request: ImportRequest,
    sources: SourceFile[],
    {
      tally,
      counts,
      live,
      signal,
    }: { tally: FileTally; counts: ImportCounts; live: (outcome: ImportOutcome) => ImportJob; signal: AbortSignal },
  ) => {
    const record = async (seq: number, file: FoundFile, proposed: FileResult): Promise<FileResult | 'taken'> => {
      const written = await writeOutcome(id, seq, file, proposed)
      if (written === 'taken') return written
      counts[written.outcome] += 1
      tally.finished(seq, file.size)
      const job = live(written.outcome)
      events.emit('import:updated', { job, item: await itemOf(id, seq, file, written) })
      return written
    }
    const link = request.source === 'paths' && request.link
    const uploaded = request.source === 'upload'
    const sidecars = uploadSidecars(uploaded ? request.uploads : [])
    const subtitles = subtitlesAmong(uploaded ? request.uploads : [])
    const listing = cachedSubtitleListing()
    const order = createImportOrder()
    const one = async ({ file, upload }: SourceFile, seq: number) => {
      try {
        await oneInOrder(file, upload, seq)
      } finally {
        order.finish(seq)
      }
    }
    const oneInOrder = async (file: FoundFile, upload: UploadedSource | undefined, seq: number) => {
      if (signal.aborted) return
      if (file.error) return void (await record(seq, file, { outcome: 'failed', reason: file.error }))
      tally.started(seq, file.name)
      const source: ImportSource = upload
        ? { ...upload, sidecars: sidecars.find, subtitles }
        : { path: file.path, name: file.name, originalPath: file.path, subtitles: subtitlesBeside(file.path, listing) }
      try {
        await importFile(ctx, source, {
          link,
          importedBy: request.importedBy,
          sourceType: (uploaded && request.sourceType) || 'uploaded',
          signal,
          onBytes: (bytes) => tally.bytes(seq, bytes),
          turn: (sampledId) => order.turn(seq, sampledId),
          record: (result) => record(seq, file, result),
          rereadGeneration: deps.rereadGeneration,
        })
      } finally {
        // A video of this drop may still read its sidecar: that upload goes with the rest as the job ends.
        if (upload && !sidecars.isSidecar(upload)) await removeQuietly(source.path)
      }
    }
    const limit = ctx.limitFiles
    const results = await Promise.allSettled(sources.map((source, seq) => limit(() => one(source, seq))))
    const failure = results.find((result) => result.status === 'rejected')
    if (failure && !signal.aborted) throw (failure as PromiseRejectedResult).reason
  }

  // After a job has ended (or was cancelled before it ran): the uploads no file took go.
  const afterImport = async (id: string, request: ImportRequest) => {
    await discardUploads(request)
    ending.delete(id)
  }

  return {
    /**
     * Queues an import through `jobs` (a caller's runner on a hub, so the job is asked for by them) and returns the
     * job as stored; progress and outcomes follow as events.
     */
    async start(request: ImportRequest, jobs: Pick<JobRunner, 'start'> = runner): Promise<ImportJob> {
      if (ctx.rowNames === 'keys' && request.source === 'paths' && request.link) {
        throw new AppError(
          'validation',
          'A team hub keeps a copy of every file it imports: it cannot link to files where they are. Import them without "link".',
        )
      }
      const job = await jobs.start('import', importParams(request), { title: importTitle(request) })
      ending.set(
        job.id,
        runner.settled(job.id).then(() => afterImport(job.id, request)),
      )
      return view(job.id)
    },
    /** The work of an import job (its handler's): files through the pipeline, each outcome written as it ends. */
    run: (request: ImportRequest, context: JobContext<ImportResult>) =>
      deps.changes.batch(() => runImport(request, context)),
    /** One import job (not_found for an id that names none). */
    get: view,
    /** The newest import jobs. */
    list: async (limit: number): Promise<ImportJob[]> => {
      const jobs = (await runner.list({ kind: 'import', limit })).flatMap((job) => (job.kind === 'import' ? [job] : []))
      return Promise.all(jobs.map(async (job) => importJobView(job, await items.summary(job.id))))
    },
    /** Cancels a queued or running import and waits until it has stopped and its uploads are gone. */
    async cancel(id: string): Promise<ImportJob> {
      await view(id)
      await runner.cancel(id)
      await ending.get(id)
      return view(id)
    },
    /** Resolves when this job has ended and its leftovers are gone (at once for another process's). */
    settled: async (id: string): Promise<void> => void (await ending.get(id)),
    /**
     * Resolves when no import of this process is queued or running, nor the sidecar pairing that follows one
     * (thumbnails may still be in the making).
     */
    async idle(): Promise<void> {
      while (ending.size > 0) await Promise.all(ending.values())
      await runner.idle(['sidecar-pairing'])
    },
    /** Resolves when the thumbnails jobs of this process and the thumbnails asked for on demand are done. */
    async thumbnailsIdle(): Promise<void> {
      await runner.idle(['thumbnails'])
      await thumbnailer.idle()
    },
    /** Resolves when no import of this process holds thumbnails back (the thumbnails job waits for it). */
    thumbnailsUnheld: () => thumbnailer.unheld(),
    /** Regenerates an asset's missing thumbnails; resolves when done. */
    ensureThumbnails: (assetId: string) => thumbnailer.ensure(assetId),
    /** Makes an asset's missing thumbnails next (somebody is looking); resolves when they exist or failed. */
    hurryThumbnails: (assetId: string) => thumbnailer.hurry(assetId),
    /** Whether making the asset's thumbnails failed in this process (they are not made again on demand). */
    thumbnailsFailed: (assetId: string) => thumbnailer.failed(assetId),
    /** Waits for the imports' ends (the runner, closed first, has cancelled them) and the thumbnails in flight. */
    async close(): Promise<void> {
      await Promise.all(ending.values())
      await thumbnailer.idle()
    },
  }
}
export type Importer = ReturnType<typeof createImporter>

/** A job title that says what was imported: the first file's or path's name, and how many more. */
function importTitle(request: ImportRequest): string {
  const names =
    request.source === 'upload'
      ? request.uploads.map((upload) => upload.name)
      : request.paths.map((target) => path.basename(target) || target)
  const more = names.length - 1
  return `Import of ${names[0] ?? 'nothing'}${more > 0 ? ` and ${more} more` : ''}`
}

function toItem(seq: number, file: FoundFile, result: FileResult): NewImportItem {
  return {
    seq,
    path: file.path,
    name: file.name,
    sizeBytes: file.size,
    outcome: result.outcome,
    assetId: result.outcome === 'imported' ? result.asset.id : result.outcome === 'duplicate' ? result.assetId : null,
    reason: result.outcome === 'failed' ? result.reason : importedReason(result),
  }
}

/**
 * Deletes the temp files of an upload job's uploads that no file took: each file's upload is
 * moved or removed as the file ends, but those a cancel or failure kept from starting would
 * otherwise fill tmp/ until the next start. Removing an already moved one is a no-op.
 */
async function discardUploads(request: ImportRequest): Promise<void> {
  if (request.source !== 'upload') return
  await Promise.all(request.uploads.map((upload) => removeQuietly(upload.path).catch(() => undefined)))
}

/** An imported file's note: "damaged: …" when its media data ends before its container says. */
function importedReason(result: FileResult): string | null {
  const damaged =
    result.outcome === 'imported' ? (result.asset.metadata.damaged as { reason?: string } | undefined) : undefined
  return damaged?.reason ? `damaged: ${damaged.reason}` : null
}

/** A file of an import: found on a path, or uploaded (then `upload` is its temp file). */
interface SourceFile {
  file: FoundFile
  upload?: UploadedSource
}

// An upload has no path on this machine worth showing: its outcome is listed under its name.
function uploadAsFound(upload: UploadedSource): FoundFile {
  return { path: upload.name, name: upload.name, size: upload.size, error: null }
}

/**
 * The files of an import but the subtitle files of its videos (`clip.en.srt` beside `clip.mkv`, or in the same
 * drop): the video reads them, and they have no outcome of their own. An upload of one stays until the job ends.
 */
function withoutPairedSubtitles(sources: SourceFile[]): SourceFile[] {
  const paired = pairedSubtitles(sources, ({ file, upload }) => ({
    name: file.name,
    folder: upload ? '' : path.dirname(file.path),
  }))
  return sources.filter((source) => !paired.has(source))
}

/**
 * A running import's view after each outcome, from the view read as it started and the tallies kept here: an
 * outcome's event does not read the job again (its row holds every file it was given, parsed anew for each).
 */
function liveView(started: ImportJob, result: ImportResult): (outcome: ImportOutcome) => ImportJob {
  const counts = { ...started.counts }
  return (outcome) => {
    counts[outcome] += 1
    return { ...started, filesTotal: result.files.total, bytesTotal: result.bytes.total, counts: { ...counts } }
  }
}

function now(): string {
  return new Date().toISOString()
}
