import type { MediaAsset } from '../../../shared/contract'
import type { PutCounts, PutTally } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { LocalLibrary } from '../library-context'
import type { AnalysisCacheRow } from '../../db/repos/analysis-cache'
import { toJsonColumn } from '../../db/repos/cache-rows'
import { cachedFileName } from '../../library/asset-file'
import type { HubCalls } from './push-hub'
import { addTally, batchesOf, jsonBytes } from './push-batches'
import { noPipelines, type PushedPipelines } from './push-pipelines'
import { noWorkflows, type PushedWorkflows } from './push-workflows'

// Analysis rows sent in one call: at most the contract's 50, and well under the hub's 24 MiB request body for it.
const ROWS_PER_CALL = 50
const BYTES_PER_CALL = 8 * 1024 * 1024

/** What a push added to the hub of what the library knows about its assets (what the hub had stays). */
export interface PushedDetails {
  /** Tags given to assets (an asset with the tag already is not counted). */
  tags: number
  /** Ratings set on assets the hub had unrated. */
  ratings: number
  /** Notes set on assets the hub had none for. */
  notes: number
  /** Collection places given, collections made; those that went up under another name (the hub has one of theirs). */
  collections: { created: number; added: number; renamed: Array<{ name: string; as: string }> }
  /** Cached analyses: added to the hub, there already, or not sent as made from other content than the file's. */
  analyses: CacheTally
  /** Processing runs between two pushed assets: added, there already, or made from other contents than theirs. */
  processing: CacheTally
  /** Sidecar subtitle tracks (the files stayed here): added to the hub's asset, or there already by file name. */
  subtitles: PutTally
  /** Generation details sent for assets the hub had none for, or refused there (past its limits), by asset. */
  generation: { added: number; refused: number }
  /** Stack memberships between two pushed assets: added, or the member in a stack on the hub already. */
  stacks: PutTally
  workflows: PushedWorkflows
  /** Pipeline runs' timelines (with their frames), checkpoints and the stage outputs these carry. */
  pipelines: PushedPipelines
}

/** What the hub did with the cache rows sent, and the rows too large to send. */
type CacheTally = PutCounts & { tooLarge: number }

/** Adds what one put of cache rows answered to the push's tally. */
export function addCounts(tally: CacheTally, answer: PutCounts): void {
  addTally(tally, answer)
  tally.stale += answer.stale
}

const noTally = (): CacheTally => ({ added: 0, present: 0, stale: 0, tooLarge: 0 })

export const noDetails = (): PushedDetails => ({
  tags: 0,
  ratings: 0,
  notes: 0,
  collections: { created: 0, added: 0, renamed: [] },
  analyses: noTally(),
  processing: noTally(),
  subtitles: { added: 0, present: 0 },
  generation: { added: 0, refused: 0 },
  stacks: { added: 0, present: 0 },
  workflows: noWorkflows(),
  pipelines: noPipelines(),
})

/** Where a push's details go: from the library to the hub. */
export interface DetailsTarget {
  lib: LocalLibrary
  hub: HubCalls
}

/**
 * Adds to the hub's assets (`onHub`: the hub's asset of each local one) what the library knows of them and the hub
 * lacks: a rating where the hub's is unset, notes where it has none, the cached analyses of the file's content, the
 * generation details and sidecar subtitles. Each call is one the hub keeps: sending it again changes nothing.
 */
export async function pushDetails(
  target: DetailsTarget,
  assets: MediaAsset[],
  onHub: Map<string, string>,
  counts: PushedDetails,
): Promise<void> {
  const { hub } = target
  const rated = new Map<number, string[]>()
  for (const asset of assets) {
    const id = onHub.get(asset.id)
    if (id === undefined) continue
    if (asset.rating > 0 || asset.notes) {
      const there = await hub.call('media:get', { id })
      if (asset.rating > 0 && there.rating === 0) rated.set(asset.rating, [...(rated.get(asset.rating) ?? []), id])
      if (asset.notes && !there.notes) {
        await hub.call('media:set-notes', { id, notes: asset.notes })
        counts.notes += 1
      }
    }
    await pushAnalyses(target, asset, id, counts.analyses)
    await pushGeneration(target, asset.id, id, counts.generation)
    await pushSidecarSubtitles(target, asset.id, id, counts.subtitles)
  }
  for (const [rating, ids] of rated) counts.ratings += (await hub.call('media:set-rating', { ids, rating })).ids.length
}

/**
 * Sends the asset's generation details (prompt, seed, model…) when the hub has none for its asset: a generator's
 * output imported here with its details beside it (media:import-generated, generation:set) carries none in its file.
 * Details past the hub's limits are counted refused; the push goes on.
 */
async function pushGeneration(
  { lib, hub }: DetailsTarget,
  localId: string,
  hubId: string,
  counts: PushedDetails['generation'],
): Promise<void> {
  const row = await lib.catalog.repos.generation.get(localId)
  if (!row || (await hub.call('generation:get', { id: hubId })).generation !== null) return
  const { provider, model, prompt, negativePrompt, seed, generationParams, status, error } = row
  const { createdAt, startedAt, completedAt } = row
  try {
    // The job that made it was this library's: it means nothing on the hub.
    const details = { provider, model, prompt, negativePrompt, seed, generationParams, status, error }
    await hub.call('generation:set', { id: hubId, ...details, createdAt, startedAt, completedAt, jobId: null })
    counts.added += 1
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'validation') throw error
    counts.refused += 1
  }
}

/** Sends the asset's sidecar subtitle tracks (read from files beside its original, which the hub never sees). */
async function pushSidecarSubtitles(
  { lib, hub }: DetailsTarget,
  localId: string,
  hubId: string,
  counts: PushedDetails['subtitles'],
): Promise<void> {
  const sidecars = (await lib.catalog.repos.subtitles.list(localId)).filter((track) => track.source === 'sidecar')
  if (sidecars.length === 0) return
  const tracks = sidecars.map(({ fileName, codec, language, title, cues, problem }) => ({
    fileName: fileName ?? 'subtitles',
    codec,
    language,
    title,
    cues: JSON.stringify(cues),
    problem,
  }))
  addTally(counts, await hub.call('subtitles:put', { assetId: hubId, tracks }))
}

/** Sends the asset's cached analyses made from its file's content, a batch under the hub's body limit at a time. */
async function pushAnalyses(
  { lib, hub }: DetailsTarget,
  asset: MediaAsset,
  hubId: string,
  counts: PushedDetails['analyses'],
): Promise<void> {
  const rows = await lib.catalog.repos.analyses.forFile(cachedFileName(lib, asset))
  const current = rows.filter((row) => row.fileHash === asset.fileHash)
  counts.stale += rows.length - current.length
  for (const batch of batchesOf(current, (row) => jsonBytes(sentRow(row)), ROWS_PER_CALL, BYTES_PER_CALL)) {
    try {
      const sent = await hub.call('analysis:put', { assetId: hubId, rows: batch.map(sentRow) })
      addCounts(counts, sent)
    } catch (error) {
      // One row larger than the hub takes (over 5 million characters of JSON): it stays here; the rest go.
      if (batch.length > 1 || !(error instanceof AppError) || error.code !== 'validation') throw error
      counts.tooLarge += 1
    }
  }
}

const sentRow = ({ fileHash, configHash, ranges, metadata }: AnalysisCacheRow) => ({
  fileHash,
  configHash,
  ranges: toJsonColumn(ranges),
  metadata: toJsonColumn(metadata),
})
