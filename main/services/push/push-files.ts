import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChannelOutput, ImportJob, MediaAsset, UploadProvenance } from '../../../shared/contract'
import type { LocalLibrary } from '../library-context'
import { assetBytesFile } from '../../storage/asset-bytes'
import type { HubCalls, PushHub, Upload } from './push-hub'
import type { HubRemovals, PushSkip } from './push-removals'

const IMPORT_POLL_MS = 250

/** An asset a push could not bring to the hub, with why. */
export type PushFailure = { id: string; name: string; reason: string }

/** A page of assets as the hub stands: those it holds (their hub ids), those to send, those not to. */
export interface SortedPage {
  /** The hub's asset of each local asset whose content it holds, by local id. */
  held: Map<string, string>
  toSend: MediaAsset[]
  failed: PushFailure[]
  skipped: PushSkip[]
}

/**
 * Sorts a page by what the hub holds (media:held, so a file the hub holds is never sent twice) and what it deleted
 * (a content deleted there is not sent back); an asset without a content hash cannot be sent.
 */
export async function sortPage(hub: HubCalls, assets: MediaAsset[], removals: HubRemovals): Promise<SortedPage> {
  const page: SortedPage = { held: new Map(), toSend: [], failed: [], skipped: [] }
  const hashed = assets.filter((asset) => asset.fileHash !== null)
  for (const asset of assets) {
    if (asset.fileHash === null) page.failed.push(failure(asset, 'It has no content hash (verify it first).'))
  }
  const before = await heldOn(hub, hashed)
  for (const asset of hashed) {
    const hubId = before.get(asset.fileHash!)
    const deleted = hubId === undefined ? removals.asset(asset.fileHash!) : undefined
    if (hubId !== undefined) page.held.set(asset.id, hubId)
    else if (deleted) page.skipped.push({ kind: 'asset', name: asset.name, reason: deleted })
    else page.toSend.push(asset)
  }
  return page
}

/**
 * Uploads and imports on the hub the files of `toSend`; resolves to the hub's asset of each that is there now (by
 * local id) and the reasons of those that are not.
 */
export async function sendFiles(
  lib: LocalLibrary,
  hub: PushHub,
  { toSend, origin }: { toSend: MediaAsset[]; origin: string },
  sending: (asset: MediaAsset) => void,
): Promise<{ sent: Map<string, string>; failed: PushFailure[] }> {
  const failed: PushFailure[] = []
  // The name each sent asset went up under (what the import's outcomes name it by).
  const names = new Map<string, string>()
  const uploads: ProvenancedUpload[] = []
  for (const asset of toSend) {
    sending(asset)
    try {
      const file = await assetBytesFile(lib, (await lib.catalog.repos.media.fileOf(asset.id))!)
      // Resumable: what a push cut off sent of this file already is not sent again.
      const upload = await hub.upload(file, uploadName(asset, file), asset.fileHash!)
      uploads.push({ ...upload, ...provenanceOf(asset, origin) })
      names.set(asset.id, upload.name)
    } catch (error) {
      failed.push(failure(asset, (error as Error).message))
    }
  }
  if (uploads.length === 0) return { sent: new Map(), failed }
  const reasons = await importUploads(hub, uploads)
  const after = await heldOn(hub, toSend)
  const sent = new Map<string, string>()
  for (const asset of toSend) {
    const name = names.get(asset.id)
    const hubId = after.get(asset.fileHash!)
    if (name === undefined) continue
    if (hubId !== undefined) sent.set(asset.id, hubId)
    else failed.push(failure(asset, reasons.get(name) ?? 'The hub did not import it.'))
  }
  return { sent, failed }
}

type ProvenancedUpload = Upload & { provenance?: UploadProvenance }

/**
 * Where the asset was first imported, for the hub to keep (issue 64 point 2): its import date, and its original path
 * with this machine's name (none for a file that had no path here, such as one a browser uploaded). A date the hub
 * could not read (a row another tool wrote) leaves the hub's own.
 */
function provenanceOf(asset: MediaAsset, origin: string): { provenance?: UploadProvenance } {
  const importedAt = new Date(asset.importedAt ?? asset.createdAt)
  if (Number.isNaN(importedAt.getTime())) return {}
  const { originalPath } = asset
  return {
    provenance: { importedAt: importedAt.toISOString(), originalPath, machine: originalPath === null ? null : origin },
  }
}

const failure = (asset: MediaAsset, reason: string): PushFailure => ({ id: asset.id, name: asset.name, reason })

/** The hub's asset of each of these contents it holds, by content hash. */
async function heldOn(hub: HubCalls, assets: MediaAsset[]): Promise<Map<string, string>> {
  if (assets.length === 0) return new Map()
  const { assets: held } = await hub.call('media:held', { hashes: assets.map((asset) => asset.fileHash!) })
  return new Map(held.map(({ hash, id }) => [hash, id]))
}

/** The name an asset's file is sent under: its own name, with its file's extension (which tells the hub its type). */
function uploadName(asset: MediaAsset, file: string): string {
  const extension = path.extname(file)
  return path.extname(asset.name).toLowerCase() === extension.toLowerCase() ? asset.name : asset.name + extension
}

/** Imports the uploads on the hub and waits for the end; resolves to the reasons of the files that failed, by name. */
async function importUploads(hub: HubCalls, uploads: ProvenancedUpload[]): Promise<Map<string, string>> {
  const { job } = await hub.call('media:import-uploads', { uploads })
  let ended: ImportJob = job
  while (ended.state === 'queued' || ended.state === 'running') {
    await sleep(IMPORT_POLL_MS)
    ended = (await hub.call('import:get', { jobId: job.id, limit: 1 })).job
  }
  const reasons = new Map<string, string>()
  let after: ChannelOutput<'import:get'>['nextCursor'] = null
  do {
    const page: ChannelOutput<'import:get'> = await hub.call('import:get', { jobId: job.id, outcome: 'failed', after })
    for (const item of page.items) reasons.set(item.path, item.reason ?? 'It failed to import.')
    after = page.nextCursor
  } while (after !== null)
  return reasons
}
