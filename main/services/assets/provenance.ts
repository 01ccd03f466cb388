import path from 'node:path'
import type { ChannelOutput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { ProvenanceJob } from '../../db/repos/provenance'
import { cachedFileName } from '../../library/asset-file'
import type { Library } from '../library-context'
import { processingStepOf } from '../processing/made-by'
import { openMediaFile } from './media-files'

/** How many dropped duplicates `media:provenance` lists; the rest are counted. */
export const SHOWN_DUPLICATES = 50

/**
 * Where an asset came from: the original path, when and by whom it was imported (and by
 * which job), the processing run that made it, whether it is a copy in the library or a link to
 * the original, its content ids, and the newest duplicates that were dropped onto it.
 */
export async function provenanceOf(
  lib: Pick<Library, 'catalog' | 'dir' | 'rowNames'>,
  id: string,
): Promise<ChannelOutput<'media:provenance'>> {
  const asset = await lib.catalog.repos.media.get(id)
  if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
  const { provenance } = lib.catalog.repos
  const { job, duplicates } = await provenance.importRecordsOf(id, SHOWN_DUPLICATES)
  // A hub's copy is named by its key, the same on every machine.
  const filePath = cachedFileName(lib, asset)
  // A processing output is stored by an upload of the library's own temp file: neither an upload from a
  // browser nor a file with an original path, whatever that import job recorded.
  const processed = asset.sourceType === 'processed' && job?.source === 'upload'
  return {
    id,
    originalPath: asset.originalPath ?? (processed ? null : (job?.path ?? null)),
    originalMachine: machineOf(job, asset.fileHash),
    importedAt: asset.importedAt,
    importedBy: asset.importedBy ?? job?.importedBy ?? null,
    storage: asset.storage,
    filePath,
    libraryPath:
      asset.storage !== 'copy' ? null : lib.rowNames === 'keys' ? filePath : path.relative(lib.dir, filePath),
    sampledId: (await provenance.sampledIdOf(id)) ?? null,
    sha256: asset.fileHash,
    job: job
      ? {
          id: job.id,
          source: processed ? 'processing' : job.source,
          link: job.link,
          createdAt: job.createdAt,
          state: job.state,
        }
      : null,
    processing: await processingStepOf(lib, filePath),
    duplicates: { items: duplicates.items, total: duplicates.total, more: duplicates.total - duplicates.items.length },
  }
}

/**
 * Shows an asset's file in the OS file manager, where the host can (Electron); 'unsupported'
 * elsewhere. The file is opened first, so a missing one is 'not_found' and a copy that
 * leads out of the library is 'forbidden', as when it is served.
 */
export async function revealAsset(
  lib: Pick<Library, 'catalog' | 'dir' | 'revealFile' | 'store'>,
  id: string,
): Promise<{ id: string; path: string }> {
  if (!lib.revealFile) throw new AppError('unsupported', 'Reveal in folder needs the desktop app.')
  const opened = await openMediaFile(lib, id)
  await opened.close()
  if (!opened.path) throw new AppError('unsupported', "This asset's file is not on this computer.")
  await lib.revealFile(opened.path)
  return { id, path: opened.path }
}

/**
 * The machine a pushed asset's original path is on: its creating import's upload of its name and content, sent with
 * its provenance by a push (null for a file imported on this machine).
 */
function machineOf(job: ProvenanceJob | undefined, fileHash: string | null): string | null {
  const sent = job?.origins.find(
    (origin) => origin.name === job.path && (origin.sha256 === null || fileHash?.endsWith(origin.sha256)),
  )
  return sent?.machine ?? null
}
