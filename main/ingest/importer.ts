import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import type { Database } from 'better-sqlite3'
import type { ImportItem, ImportJob } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { ImportJobsRepo, NewImportItem } from '../db/repos/import-jobs'
import type { MediaRepo } from '../db/repos/media'
import type { GenerationFacts } from '../generation/generation-facts'
import type { EventBus } from '../library/event-bus'
import { collectFiles, type FoundFile, type PathPredicate } from './collect-files'
import { importFile, type FileResult, type ImportSource } from './import-file'
import { createImportOrder } from './import-order'
import { createProgressTracker, type ProgressTracker } from './import-progress'
import type { IngestContext } from './ingest-context'
import { currentOwner, ownerIsAlive } from '../jobs/process-owner'
import { removeQuietly } from '../library/atomic-write'
import { createThumbnailer } from './thumbnail-scheduler'

/** What to import: paths (files and folders) on this machine, or files uploaded to the library's temp folder. */
export type ImportRequest =
  | { source: 'paths'; paths: string[]; link: boolean; importedBy: string; permits?: PathPredicate }
  | { source: 'upload'; uploads: UploadedSource[]; importedBy: string; sourceType?: 'processed' }

/** An uploaded temp file with the name the user gave it. */
export type UploadedSource = ImportSource & { size: number }

interface QueuedJob {
  id: string
  request: ImportRequest
  controller: AbortController
  settled: Promise<void>
  settle(): void
}

// What an import may write besides the assets: their generation details and workflows.
const GENERATION_TABLES = ['video_generation', 'workflows', 'workflow_executions', 'workflow_videos']

const INTERRUPTED =
  'Interrupted: Framevault stopped before this import finished. Import the same files again to complete it; files already imported are reported as duplicates.'

/** Runs import jobs one after another; files within a job go through the pipeline concurrently. */
export function createImporter(deps: {
  db: Database
  media: MediaRepo
  jobs: ImportJobsRepo
  events: EventBus
  ctx: IngestContext
  /** Stores what a new asset's file says about how it was made, inside the asset's write transaction. */
  recordGeneration?(assetId: string, facts: GenerationFacts, importedAt: string): void
}) {
  const { db, media, jobs, events, ctx } = deps
  const queue: QueuedJob[] = []
  let running: QueuedJob | undefined
  const thumbnailer = createThumbnailer({ media, events, ctx })

  // Another process (the app next to a CLI) may be running its own jobs right now: only jobs whose owner is gone were interrupted.
  jobs.failUnfinished(
    now(),
    INTERRUPTED,
    (unfinished) => !ownerIsAlive({ pid: unfinished.ownerPid, started: unfinished.ownerStarted }),
  )

  const job = (id: string): ImportJob => {
    const found = jobs.get(id)
    if (!found) throw new AppError('not_found', `No import job ${id}.`)
    return found
  }
  const announce = (id: string, item: ImportItem | null = null) => events.emit('import:updated', { job: job(id), item })

  const pump = () => {
    if (running) return
    running = queue.shift()
    if (!running) return
    const current = running
    void runJob(current)
      .catch((error: unknown) => {
        jobs.finish(current.id, 'failed', now(), (error as Error).message, null)
        announce(current.id)
      })
      .finally(() => {
        current.settle()
        running = undefined
        pump()
      })
  }

  const runJob = async ({ id, request, controller }: QueuedJob) => {
    const { signal } = controller
    jobs.start(id, now())
    announce(id)
    const progress = createProgressTracker(id, (tick) => events.emit('import:progress', tick))
    thumbnailer.hold()
    let failure: Error | undefined
    try {
      const sources =
        request.source === 'paths'
          ? await collectFiles(request.paths, signal, request.permits)
          : uploadsAsFound(request)
      jobs.setTotals(
        id,
        sources.length,
        sources.reduce((sum, file) => sum + (file.size ?? 0), 0),
      )
      progress.setTotals(
        sources.length,
        sources.reduce((sum, file) => sum + (file.size ?? 0), 0),
      )
      announce(id)
      await runFiles(id, request, sources, progress, signal)
    } catch (error) {
      failure = error as Error
    } finally {
      progress.stop()
      thumbnailer.release()
      await discardUploads(request)
    }
    // The figures are stored with the state, so a finished job shows what it did after a reload too.
    const state = signal.aborted ? 'cancelled' : failure ? 'failed' : 'done'
    jobs.finish(id, state, now(), state === 'failed' ? failure!.message : null, progress.done())
    announce(id)
    events.emit('library:changed', { tables: ['videos', 'import_jobs', ...GENERATION_TABLES] })
  }

  /**
   * Writes a file's outcome and, for a new asset, its row, in one write transaction. Another
   * process may have stored the same content (under this id or, when its own claims held the
   * sampled id, under a collision id) or taken the id since this file was checked: the database
   * is the arbiter. Content already stored makes this file a duplicate of it; an id held by other
   * content gives 'taken' (nothing written).
   */
  const writeOutcome = db.transaction(
    (jobId: string, seq: number, file: FoundFile, proposed: FileResult): FileResult | 'taken' => {
      let result = proposed
      if (result.outcome === 'imported') {
        const winner = media.sameContent(result.asset.sampledId, result.asset.fileHash)
        if (winner) result = { outcome: 'duplicate', assetId: winner.id }
        else if (!media.insertUnlessTaken(result.asset)) return 'taken'
        else if (result.generation) deps.recordGeneration?.(result.asset.id, result.generation, result.asset.importedAt)
      }
      jobs.addItem(jobId, toItem(seq, file, result), now())
      return result
    },
  )

  const runFiles = async (
    id: string,
    request: ImportRequest,
    sources: FoundFile[],
    progress: ProgressTracker,
    signal: AbortSignal,
  ) => {
    const record = (seq: number, file: FoundFile, proposed: FileResult): FileResult | 'taken' => {
      const written = writeOutcome.immediate(id, seq, file, proposed)
      if (written === 'taken') return written
      progress.finished(seq, file.size)
      announce(id, jobs.item(id, seq) ?? null)
      if (written.outcome === 'imported' && ctx.thumbnailsAfterImport) thumbnailer.make(written.asset)
      return written
    }
    const link = request.source === 'paths' && request.link
    const uploaded = request.source === 'upload'
    const order = createImportOrder()
    const one = async (file: FoundFile, seq: number) => {
      try {
        await oneInOrder(file, seq)
      } finally {
        order.finish(seq)
      }
    }
    const oneInOrder = async (file: FoundFile, seq: number) => {
      if (signal.aborted) return
      if (file.error) return void record(seq, file, { outcome: 'failed', reason: file.error })
      progress.started(seq, file.name)
      const source: ImportSource = uploaded
        ? request.uploads[seq]!
        : { path: file.path, name: file.name, originalPath: file.path }
      try {
        await importFile(ctx, source, {
          link,
          importedBy: request.importedBy,
          sourceType: (uploaded && request.sourceType) || 'uploaded',
          signal,
          onBytes: (bytes) => progress.bytes(seq, bytes),
          turn: (sampledId) => order.turn(seq, sampledId),
          record: (result) => record(seq, file, result),
        })
      } finally {
        if (uploaded) await removeQuietly(source.path)
      }
    }
    const limit = ctx.limitFiles
    const results = await Promise.allSettled(sources.map((file, seq) => limit(() => one(file, seq))))
    const failure = results.find((result) => result.status === 'rejected')
    if (failure && !signal.aborted) throw (failure as PromiseRejectedResult).reason
  }

  return {
    /** Queues an import and returns the job as stored; progress and outcomes follow as events. */
    start(request: ImportRequest): ImportJob {
      const id = randomUUID()
      jobs.create({
        id,
        source: request.source,
        link: request.source === 'paths' && request.link,
        importedBy: request.importedBy,
        createdAt: now(),
        owner: currentOwner(),
      })
      let settle = () => {}
      const settled = new Promise<void>((resolve) => (settle = resolve))
      const controller = new AbortController()
      // Every file in flight listens for the job's abort (hashing, probing): more than Node's default warning limit of 10.
      setMaxListeners(1000, controller.signal)
      queue.push({ id, request, controller, settled, settle })
      announce(id)
      pump()
      return job(id)
    },
    /** Cancels a queued or running job and waits until it has stopped. */
    async cancel(id: string): Promise<ImportJob> {
      const target = running?.id === id ? running : queue.find((queued) => queued.id === id)
      if (!target) return job(id)
      const waiting = queue.indexOf(target)
      if (waiting >= 0) {
        queue.splice(waiting, 1)
        await discardUploads(target.request)
        jobs.finish(id, 'cancelled', now(), null, NOTHING_DONE)
        target.settle()
        announce(id)
      } else {
        target.controller.abort(new AppError('conflict', 'The import was cancelled.'))
        await target.settled
      }
      return job(id)
    },
    /** Resolves when this job has ended (at once when it already has). */
    async settled(id: string): Promise<void> {
      const target = running?.id === id ? running : queue.find((queued) => queued.id === id)
      if (target) await target.settled
    },
    /** Resolves when no job is queued or running (thumbnails may still be in the making). */
    async idle(): Promise<void> {
      while (running) await running.settled
    },
    /** Resolves when thumbnails queued so far are written. */
    thumbnailsIdle: () => thumbnailer.idle(),
    /** Regenerates an asset's missing thumbnails; resolves when done. */
    ensureThumbnails: (assetId: string) => thumbnailer.ensure(assetId),
    /** Cancels everything and waits for the work in flight to stop. */
    async close(): Promise<void> {
      for (const queued of queue.splice(0)) {
        await discardUploads(queued.request)
        jobs.finish(queued.id, 'cancelled', now(), null, NOTHING_DONE)
        queued.settle()
      }
      if (running) {
        running.controller.abort(new AppError('conflict', 'Framevault is closing.'))
        await running.settled
      }
      await thumbnailer.idle()
    },
  }
}
export type Importer = ReturnType<typeof createImporter>

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

const NOTHING_DONE = { files: 0, bytes: 0 }

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

// An upload has no path on this machine worth showing: its outcome is listed under its name.
function uploadsAsFound(request: { uploads: UploadedSource[] }): FoundFile[] {
  return request.uploads.map((upload) => ({ path: upload.name, name: upload.name, size: upload.size, error: null }))
}

function now(): string {
  return new Date().toISOString()
}
