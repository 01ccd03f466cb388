import type { ImportItem, ImportJob, UploadProvenance } from '../../../shared/contract'
import type { ImportItemsCursor, ImportItemsQuery } from '../../../shared/contract/import-items'
import type { ImportRequest } from '../../ingest/import-request'
import type { Library } from '../library-context'

/**
 * Starts an import of files and folders by path, asked for by whoever `lib.jobs` acts for (nobody without it: a
 * watched folder's); paths outside the library's path gate are refused before any job exists.
 */
export async function importPaths(
  lib: Pick<Library, 'actor' | 'importer' | 'pathGate'> & Partial<Pick<Library, 'jobs'>>,
  paths: string[],
  link: boolean,
): Promise<{ job: ImportJob }> {
  lib.pathGate.check(paths)
  const permits = lib.pathGate.permits
  return { job: await lib.importer.start({ source: 'paths', paths, link, importedBy: lib.actor, permits }, lib.jobs) }
}

/**
 * Starts an import of files uploaded to the web host, asked for by whoever `lib.jobs` acts for; an upload a push sent
 * with its provenance keeps its first import's date, original path and machine.
 */
export async function importUploads(
  lib: Pick<Library, 'actor' | 'importer' | 'uploads'> & Partial<Pick<Library, 'jobs'>>,
  refs: Array<{ uploadId: string; name: string; provenance?: UploadProvenance }>,
): Promise<{ job: ImportJob }> {
  // An import that cannot start (its job not made) leaves the uploads waiting, counted, with their expiry.
  const job = await lib.uploads.claim(refs, (sources) => {
    const uploads = sources.map((upload, index) => {
      const given = refs[index]!.provenance
      if (given === undefined) return upload
      const { importedAt, originalPath, machine } = given
      return { ...upload, originalPath, origin: { importedAt, machine } }
    })
    return lib.importer.start({ source: 'upload', uploads, importedBy: lib.actor }, lib.jobs)
  })
  return { job }
}

/**
 * Runs an import job to its end for a service that imports on someone's behalf (a processor's
 * output, a generator's file, a history's outputs): the job and its per-file outcomes in order.
 * An abort of `signal` cancels the import.
 */
export async function importAndWait(
  lib: Pick<Library, 'importer' | 'catalog'>,
  request: ImportRequest | (() => Promise<ImportJob>),
  signal?: AbortSignal,
): Promise<{ job: ImportJob; items: ImportItem[] }> {
  // A function starts the import itself (claiming uploads, which wait again when it fails).
  const started = typeof request === 'function' ? await request() : await lib.importer.start(request)
  const cancel = () => void lib.importer.cancel(started.id).catch(() => undefined)
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    await lib.importer.settled(started.id)
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
  return { job: await lib.importer.get(started.id), items: await lib.catalog.repos.importItems.items(started.id) }
}

/** One import job with a page of its per-file outcomes, failures first. */
export async function getImport(
  lib: Pick<Library, 'importer' | 'catalog'>,
  { jobId, ...page }: ImportItemsQuery,
): Promise<{ job: ImportJob; items: ImportItem[]; nextCursor: ImportItemsCursor | null }> {
  const job = await lib.importer.get(jobId)
  const { items, next } = await lib.catalog.repos.importItems.itemsPage(jobId, page)
  return { job, items, nextCursor: next }
}
