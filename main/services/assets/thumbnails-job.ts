import { ThumbnailsJob, type Job } from '../../../shared/contract'
import { jobHandler, type JobContext } from '../../jobs/job-handler'
import type { Library } from '../library-context'

type ThumbnailsResult = NonNullable<ThumbnailsJob['result']>
type ThumbnailsLibrary = Pick<Library, 'catalog' | 'importer' | 'ingest' | 'jobs'>
// Assets whose thumbnails are asked for at once (the toolkit's own limit decides how many ffmpegs run).
const IN_FLIGHT = 8

/**
 * The job that makes the thumbnails of the assets an import brought in, after it ends (issue 59 point 3: a job, so
 * a process that stops before they are made leaves it for the next open, and a team library's workers share them).
 * Retryable: an asset whose thumbnails are there is passed over.
 */
export const thumbnailsHandler = jobHandler({
  kind: 'thumbnails',
  params: ThumbnailsJob.shape.params,
  result: ThumbnailsJob.shape.result.unwrap(),
  retryable: true,
  runs: 'anywhere',
  after: queueImportThumbnails,
  run: (lib: ThumbnailsLibrary, { importJobId }, context) => makeThumbnails(lib, importJobId, context),
})

/** Queues the thumbnails of what an ended import brought in, unless it brought in nothing or the host makes none. */
async function queueImportThumbnails(lib: ThumbnailsLibrary, ended: Job): Promise<void> {
  if (ended.kind !== 'import' || !lib.ingest.thumbnailsAfterImport) return
  const imported = ended.result?.counts.imported ?? 0
  if (imported === 0) return
  const noun = imported === 1 ? 'asset' : 'assets'
  await lib.jobs.start(
    'thumbnails',
    { importJobId: ended.id },
    { title: `Thumbnails of ${imported.toLocaleString('en-US')} imported ${noun}` },
  )
}

/** Makes the missing thumbnails of the import's imported assets (once no import of this process holds them back). */
async function makeThumbnails(
  lib: Pick<Library, 'catalog' | 'importer'>,
  importJobId: string,
  context: JobContext<ThumbnailsResult>,
): Promise<ThumbnailsResult> {
  const { signal } = context
  await Promise.race([lib.importer.thumbnailsUnheld(), aborted(signal)])
  const items = await lib.catalog.repos.importItems.items(importJobId)
  const ids = items.flatMap((item) => (item.outcome === 'imported' && item.asset ? [item.asset.id] : []))
  const result: ThumbnailsResult = { made: 0, failed: 0 }
  context.keep(result)
  let next = 0
  const one = async (): Promise<void> => {
    while (next < ids.length) {
      signal.throwIfAborted()
      const id = ids[next++]!
      await lib.importer.ensureThumbnails(id)
      if (lib.importer.thumbnailsFailed(id)) result.failed++
      else result.made++
      const done = result.made + result.failed
      context.progress(done / ids.length, 'Making thumbnails', { files: { done, total: ids.length } })
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, ids.length) }, one))
  return result
}

/** Rejects when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error)
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })
  })
}
