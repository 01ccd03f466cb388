import path from 'node:path'
import type { ImportItem, ImportJob } from '../../shared/contract'
import type { Library } from '../library/library'
import { loadSampledHasher } from '../media/sampled-id'
import { createSha256Pool } from '../media/sha256-pool'

/** One line of `import` output: a file's outcome. */
export type ImportLine = Pick<ImportItem, 'path' | 'outcome' | 'asset' | 'reason'>

/**
 * `import [--link] <paths...>`: runs one import job, printing each file's outcome as it ends,
 * and waits for the thumbnails; resolves to the finished job.
 */
export async function runImport(
  library: Library,
  paths: string[],
  link: boolean,
  print: (line: ImportLine) => void,
): Promise<ImportJob> {
  let jobId: string | undefined
  const unsubscribe = library.events.subscribe((event) => {
    if (event.name !== 'import:updated' || event.payload.job.id !== jobId || !event.payload.item) return
    const { path: file, outcome, asset, reason } = event.payload.item
    print({ path: file, outcome, asset, reason })
  })
  try {
    const absolute = paths.map((target) => path.resolve(target))
    jobId = library.importer.start({ source: 'paths', paths: absolute, link, importedBy: library.actor }).id
    await library.importer.idle()
    await library.importer.thumbnailsIdle()
  } finally {
    unsubscribe()
  }
  return library.repos.importJobs.get(jobId)!
}

/** `hash <file>`: the sampled id, SHA-256 and size of one file, without a library. */
export async function hashFile(file: string): Promise<{ id: string; sha256: string; size: number }> {
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
