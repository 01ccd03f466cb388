import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChannelOutput, ImportJob, MediaAsset } from '../../../shared/contract'
import type { LocalLibrary } from '../../app/library-context'
import { assetBytesFile } from '../../storage/asset-bytes'
import { mediaFacets, searchMedia } from '../assets/media-search'
import { hubCollections, noDetails, pushDetails, type PushedDetails } from './push-details'
import { pushProcessingRuns, pushStacks } from './push-links'
import { pushPipelines } from './push-pipelines'
import { pushWorkflows } from './push-workflows'
import type { HubCalls, PushHub, Upload } from './push-hub'

// Assets asked about, sent and imported at a time: a push killed midway loses at most one import of this many.
const CHUNK = 100
const IMPORT_POLL_MS = 250

/** How a push runs: progress a line at a time, and a signal that stops it between two steps (each kept on the hub). */
export interface PushOptions {
  progress?: (line: string) => void
  signal?: AbortSignal
}

/** What a push did: every asset of the library, on the hub now or failed with its reason. */
export interface PushReport {
  assets: number
  /** Sent and imported by this push. */
  sent: number
  /** On the hub already (same content): not sent again. */
  alreadyThere: number
  failed: Array<{ id: string; name: string; reason: string }>
  details: PushedDetails
}

/**
 * Sends a library to a hub, a page of assets at a time: the files whose content the hub lacks (asked first with
 * `media:held`, so a file the hub holds is never sent twice), imported there as uploads; then what the library knows
 * of each asset (pushDetails); last the processing runs and stacks between pushed assets, the workflows with
 * their runs and the associations of pushed assets, and the pushed assets' timelines with their checkpoints. Each step is one the hub keeps when
 * it ends, so a push cut off anywhere (the CLI or the hub killed) is completed by running it again.
 */
export async function pushLibrary(lib: LocalLibrary, hub: PushHub, options: PushOptions = {}): Promise<PushReport> {
  const report = options.progress ?? (() => undefined)
  const signal = options.signal ?? new AbortController().signal
  const result: PushReport = { assets: 0, sent: 0, alreadyThere: 0, failed: [], details: noDetails() }
  const total = await assetCount(lib)
  const collections = await hubCollections(hub)
  // Every pushed asset's id on the hub, for the runs between two of them (sent once all are there).
  const everyOnHub = new Map<string, string>()
  let cursor: ChannelOutput<'media:list'>['nextCursor'] = null
  do {
    signal.throwIfAborted()
    const page = await searchMedia(lib, { limit: CHUNK, cursor, sort: { by: 'imported', dir: 'asc' } })
    const offset = result.assets
    result.assets += page.items.length
    const onHub = await sendFiles(lib, hub, page.items, result, (asset) => {
      signal.throwIfAborted()
      report(`Sending ${offset + page.items.indexOf(asset) + 1}/${total}: ${asset.name}`)
    })
    await pushDetails({ lib, hub, collections }, page.items, onHub, result.details)
    for (const [id, hubId] of onHub) everyOnHub.set(id, hubId)
    cursor = page.nextCursor
  } while (cursor !== null)
  signal.throwIfAborted()
  await pushProcessingRuns({ lib, hub }, everyOnHub, result.details.processing)
  await pushStacks({ lib, hub }, everyOnHub, result.details.stacks)
  const steps = { report, signal }
  await pushWorkflows({ lib, hub }, everyOnHub, result.details.workflows, steps)
  await pushPipelines({ lib, hub }, everyOnHub, result.details.pipelines, steps)
  return result
}

async function assetCount(lib: LocalLibrary): Promise<number> {
  const { mediaType } = await mediaFacets(lib)
  return mediaType.reduce((sum, value) => sum + value.count, 0)
}

/**
 * Makes sure the hub holds each asset's content: what it lacks is uploaded and imported. Resolves to the hub's asset
 * of each local asset that is there now (by local id); the others are added to `result.failed`.
 */
async function sendFiles(
  lib: LocalLibrary,
  hub: PushHub,
  assets: MediaAsset[],
  result: PushReport,
  sending: (asset: MediaAsset) => void,
): Promise<Map<string, string>> {
  const fail = (asset: MediaAsset, reason: string) => result.failed.push({ id: asset.id, name: asset.name, reason })
  const hashed = assets.filter((asset) => asset.fileHash !== null)
  for (const asset of assets) if (asset.fileHash === null) fail(asset, 'It has no content hash (verify it first).')
  const before = await heldOn(hub, hashed)
  const missing = hashed.filter((asset) => !before.has(asset.fileHash!))
  result.alreadyThere += hashed.length - missing.length
  // The name each sent asset went up under (what the import's outcomes name it by).
  const sent = new Map<string, string>()
  const uploads: Upload[] = []
  for (const asset of missing) {
    sending(asset)
    try {
      const file = await assetBytesFile(lib, (await lib.catalog.repos.media.fileOf(asset.id))!)
      // Resumable: what a push cut off sent of this file already is not sent again.
      const upload = await hub.upload(file, uploadName(asset, file), asset.fileHash!)
      uploads.push(upload)
      sent.set(asset.id, upload.name)
    } catch (error) {
      fail(asset, (error as Error).message)
    }
  }
  const reasons = uploads.length > 0 ? await importUploads(hub, uploads) : new Map<string, string>()
  const after = uploads.length > 0 ? await heldOn(hub, hashed) : before
  for (const asset of missing) {
    const name = sent.get(asset.id)
    if (name === undefined) continue
    if (after.has(asset.fileHash!)) result.sent += 1
    else fail(asset, reasons.get(name) ?? 'The hub did not import it.')
  }
  return new Map(
    hashed.flatMap((asset) => (after.has(asset.fileHash!) ? [[asset.id, after.get(asset.fileHash!)!]] : [])),
  )
}

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
async function importUploads(hub: HubCalls, uploads: Upload[]): Promise<Map<string, string>> {
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
