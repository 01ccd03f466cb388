import os from 'node:os'
import type { MediaAsset } from '../../../shared/contract'
import type { LocalLibrary } from '../library-context'
import { mediaFacets, searchMediaRecords } from '../assets/media-search'
import { collectionTargets, type CollectionChoice, type CollectionTargets } from './push-collections'
import { noDetails, pushDetails, type PushedDetails } from './push-details'
import { sendFiles, sortPage, type PushFailure, type SortedPage } from './push-files'
import type { PushHub } from './push-hub'
import { pushProcessingRuns, pushStacks } from './push-links'
import {
  organised,
  planOrganised,
  sendOrganised,
  type OrganiseTarget,
  type Placed,
  type PlannedOrganised,
} from './push-organise'
import { pushPipelines } from './push-pipelines'
import { hubRemovals, type PushSkip } from './push-removals'
import { pushWorkflows } from './push-workflows'

// Assets asked about, sent and imported at a time: a push killed midway loses at most one import of this many.
const CHUNK = 100

/** How a push runs: progress a line at a time, a signal that stops it between two steps, what it sends. */
export interface PushOptions {
  progress?: (line: string) => void
  signal?: AbortSignal
  /** Which collections go: all (the default), none, or those named. */
  collections?: CollectionChoice
  /** This library's person or machine, named in a collection sent under another name (default: the host name). */
  origin?: string
}

/** What a push did: every asset of the library, on the hub now, failed with its reason, or skipped with why. */
export interface PushReport {
  assets: number
  /** Sent and imported by this push. */
  sent: number
  /** On the hub already (same content): not sent again. */
  alreadyThere: number
  failed: PushFailure[]
  /** Not sent as the hub removed it (a content deleted, a tag, a collection place, a collection), each with why. */
  skipped: PushSkip[]
  details: PushedDetails
}

/** What a push would do (a dry run): the files it would send, the tags and places it would add, what it would skip. */
export interface PushPlan extends PlannedOrganised {
  assets: number
  send: Array<{ id: string; name: string }>
  alreadyThere: number
  failed: PushFailure[]
  skipped: PushSkip[]
  /** Collections that would go up under another name, as the hub has one of theirs. */
  renamed: Array<{ name: string; as: string }>
}

/**
 * Sends a library to a hub, a page of assets at a time: the files whose content the hub lacks and did not delete,
 * imported there as uploads; then their tags and collection places (but those the hub removed) and what else the
 * library knows of each asset (pushDetails); last the processing runs and stacks between pushed assets, the
 * workflows with their runs and the associations of pushed assets, and the pushed assets' timelines with their
 * checkpoints. Each step is one the hub keeps when it ends, so a push cut off anywhere (cancelled, the CLI or the
 * hub killed) is completed by running it again.
 */
export async function pushLibrary(lib: LocalLibrary, hub: PushHub, options: PushOptions = {}): Promise<PushReport> {
  const report = options.progress ?? (() => undefined)
  const signal = options.signal ?? new AbortController().signal
  const result: PushReport = { assets: 0, sent: 0, alreadyThere: 0, failed: [], skipped: [], details: noDetails() }
  // Every pushed asset's id on the hub, for the runs between two of them (sent once all are there).
  const everyOnHub = new Map<string, string>()
  const origin = options.origin ?? os.hostname()
  const targets = await walk(lib, hub, options, false, result.skipped, async (page, sorted, organise, numbered) => {
    result.assets += page.length
    result.alreadyThere += sorted.held.size
    result.failed.push(...sorted.failed)
    const { sent, failed } = await sendFiles(lib, hub, { toSend: sorted.toSend, origin }, (asset) => {
      signal.throwIfAborted()
      report(`Sending ${numbered(asset)}: ${asset.name}`)
    })
    result.sent += sent.size
    result.failed.push(...failed)
    const onHub = new Map([...sorted.held, ...sent])
    const placed = page.flatMap((asset) => (onHub.has(asset.id) ? [{ asset, hubId: onHub.get(asset.id)! }] : []))
    await sendOrganised(organise, await organised(organise, placed), result.details)
    await pushDetails({ lib, hub }, page, onHub, result.details)
    for (const [id, hubId] of onHub) everyOnHub.set(id, hubId)
  })
  result.details.collections.renamed = targets.renamed
  signal.throwIfAborted()
  await pushProcessingRuns({ lib, hub }, everyOnHub, result.details.processing)
  await pushStacks({ lib, hub }, everyOnHub, result.details.stacks)
  const steps = { report, signal }
  await pushWorkflows({ lib, hub }, everyOnHub, result.details.workflows, steps)
  await pushPipelines({ lib, hub }, everyOnHub, result.details.pipelines, steps)
  return result
}

/**
 * What `pushLibrary` would do, changing nothing on either side: the files it would send, the tags and collection
 * places the hub's assets would get, the collections it would make, and what it would skip with why. (Ratings,
 * notes, analyses, runs, workflows and pipelines go where the hub lacks them, as a push says when it runs.)
 */
export async function planPush(lib: LocalLibrary, hub: PushHub, options: PushOptions = {}): Promise<PushPlan> {
  const plan: PushPlan = {
    assets: 0,
    send: [],
    alreadyThere: 0,
    failed: [],
    skipped: [],
    renamed: [],
    tags: [],
    collections: [],
  }
  const targets = await walk(lib, hub, options, true, plan.skipped, async (page, sorted, organise) => {
    plan.assets += page.length
    plan.alreadyThere += sorted.held.size
    plan.failed.push(...sorted.failed)
    plan.send.push(...sorted.toSend.map(({ id, name }) => ({ id, name })))
    const sending = new Set(sorted.toSend)
    const placed = page.flatMap((asset): Placed[] => {
      const hubId = sorted.held.get(asset.id)
      return hubId !== undefined ? [{ asset, hubId }] : sending.has(asset) ? [{ asset, hubId: null }] : []
    })
    await planOrganised(organise, await organised(organise, placed), plan)
  })
  plan.renamed = targets.renamed
  return plan
}

type Visit = (
  page: MediaAsset[],
  sorted: SortedPage,
  organise: OrganiseTarget,
  numbered: (asset: MediaAsset) => string,
) => Promise<void>

/** Walks the library a page at a time in import order, each page sorted by what the hub holds and removed. */
async function walk(
  lib: LocalLibrary,
  hub: PushHub,
  options: PushOptions,
  dryRun: boolean,
  skipped: PushSkip[],
  visit: Visit,
): Promise<CollectionTargets> {
  const report = options.progress ?? (() => undefined)
  const signal = options.signal ?? new AbortController().signal
  const choice = options.collections ?? 'all'
  const targets = await collectionTargets(lib, hub, { choice, origin: options.origin ?? os.hostname(), dryRun })
  for (const { name, as } of targets.renamed) {
    report(`Collection "${name}" goes up as "${as}": the hub has a collection "${name}" of its own.`)
  }
  const said = new Set<string>()
  const skip = (one: PushSkip) => {
    const key = `${one.kind}\n${one.name}\n${one.reason}`
    if (one.kind === 'collection' && said.has(key)) return
    said.add(key)
    skipped.push(one)
    report(`Skipped ${one.name}: ${one.reason}`)
  }
  const total = await assetCount(lib)
  let seen = 0
  let cursor: string | null = null
  do {
    signal.throwIfAborted()
    const page = await searchMediaRecords(lib, { limit: CHUNK, cursor, sort: { by: 'imported', dir: 'asc' } })
    const removals = await hubRemovals(
      hub,
      page.items.flatMap((asset) => (asset.fileHash === null ? [] : [asset.fileHash])),
    )
    const sorted = await sortPage(hub, page.items, removals)
    for (const one of sorted.skipped) skip(one)
    const offset = seen
    const numbered = (asset: MediaAsset) => `${offset + page.items.indexOf(asset) + 1}/${total}`
    await visit(page.items, sorted, { lib, hub, targets, removals, skip }, numbered)
    seen += page.items.length
    cursor = page.nextCursor
  } while (cursor !== null)
  return targets
}

async function assetCount(lib: LocalLibrary): Promise<number> {
  const { mediaType } = await mediaFacets(lib)
  return mediaType.reduce((sum, value) => sum + value.count, 0)
}
