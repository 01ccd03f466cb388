import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { ImportItem, ImportJob } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library } from '../library/library'
import { loadSampledHasher } from '../media/sampled-id'
import { createSha256Pool } from '../media/sha256-pool'

/** One line of `import` output: a file's outcome. */
export type ImportLine = Pick<ImportItem, 'path' | 'outcome' | 'asset' | 'reason'>

/**
 * `import [--link] <paths...>`: runs one import job, printing each file's outcome as it ends
 * and the summary (on `report`) as soon as the job ends; then, unless the library makes no
 * thumbnails after imports (`--no-thumbnails`), reports thumbnail progress until they are made.
 * Resolves to the finished job.
 */
export async function runImport(
  library: Library,
  paths: string[],
  link: boolean,
  print: (line: ImportLine) => void,
  report: (line: string) => void,
): Promise<ImportJob> {
  let jobId: string | undefined
  let summarized = false
  const importedIds = new Set<string>()
  const thumbnailsDone = new Set<string>()
  const reportThumbnails = () => report(`Thumbnails: ${thumbnailsDone.size}/${importedIds.size}`)
  const unsubscribe = library.events.subscribe((event) => {
    if (event.name === 'media:thumbnails' && importedIds.has(event.payload.id)) {
      thumbnailsDone.add(event.payload.id)
      if (summarized) reportThumbnails()
    }
    if (event.name !== 'import:updated' || event.payload.job.id !== jobId || !event.payload.item) return
    const { path: file, outcome, asset, reason } = event.payload.item
    if (outcome === 'imported' && asset) importedIds.add(asset.id)
    print({ path: file, outcome, asset, reason })
  })
  try {
    const absolute = paths.map((target) => path.resolve(target))
    jobId = library.importer.start({ source: 'paths', paths: absolute, link, importedBy: library.actor }).id
    await library.importer.idle()
    const job = library.repos.importJobs.get(jobId)!
    const { imported, duplicate, failed } = job.counts
    report(`Import ${job.state}: ${imported} imported, ${plural(duplicate, 'duplicate')}, ${failed} failed.`)
    summarized = true
    if (library.ingest.thumbnailsAfterImport && importedIds.size > 0) {
      reportThumbnails()
      await library.importer.thumbnailsIdle()
    }
    return job
  } finally {
    unsubscribe()
  }
}

/** `hash <file>`: the sampled id, SHA-256 and size of one file, without a library. */
export async function hashFile(file: string): Promise<{ id: string; sha256: string; size: number }> {
  // Reading a folder fails deep in the hasher with a bare EISDIR; say what is wrong instead.
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new AppError('io', `${file} is a folder; hash takes a file.`)
  }
  const hasher = await loadSampledHasher()
  const { id, size } = hasher.ofFile(file)
  const pool = createSha256Pool({ size: 1 })
  try {
    const { digest } = await pool.hashFile(path.resolve(file))
    return { id, sha256: digest, size }
  } finally {
    await pool.close()
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
