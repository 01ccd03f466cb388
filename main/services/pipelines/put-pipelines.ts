import type { ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { PutTally } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import type { TimelineFrameRow, TimelineRow } from '../../db/repos/timelines'
import { removeQuietly } from '../../library/atomic-write'
import { frameStore, framesConfig, timelineFolderKey } from './timelines'

type JsonObject = Record<string, unknown>

/**
 * `timelines:put`: a part of a timeline sampled elsewhere (a library pushed here) added to an asset of the same
 * content. Each frame's JPEG comes as an upload and moves in under the key a timeline made here would give it, then
 * the part's facts; the last part makes the timeline ready. Until then it is 'created': not listed as made, taking
 * the parts of a push run again, and cleared at the next open if none comes. A ready timeline stays as it is.
 */
export async function putTimeline(
  lib: Pick<Library, 'catalog' | 'store' | 'uploads'>,
  input: ChannelInput<'timelines:put'>,
): Promise<ChannelOutput<'timelines:put'>> {
  const { assetId, contentHash, profile, fps, frames } = input
  const sequences = new Set(frames.map((frame) => frame.sequence))
  if (sequences.size !== frames.length) throw new AppError('validation', 'Each frame of a timeline comes once.')
  const sources = lib.uploads.take(frames.map((frame) => ({ uploadId: frame.uploadId, name: `${frame.sequence}.jpg` })))
  try {
    const asset = await lib.catalog.repos.media.get(assetId)
    if (!asset) throw new AppError('not_found', `No asset ${assetId}.`)
    if (asset.fileHash !== contentHash) {
      throw new AppError('validation', `${asset.name} holds other content than the timeline was sampled from.`)
    }
    const { timelines } = lib.catalog.repos
    const existing = await timelines.find(contentHash, profile, fps)
    if (existing?.status === 'ready') return { timelineId: existing.id, added: false }
    const id =
      existing?.id ??
      (await timelines.insert({
        videoId: asset.id,
        contentHash,
        profile,
        fps,
        config: framesConfig(profile, fps),
        createdAt: input.createdAt,
      }))
    const folder = timelineFolderKey(contentHash, profile, fps)
    const store = frameStore(lib)
    const rows: TimelineFrameRow[] = []
    for (const [index, frame] of frames.entries()) {
      const frameKey = `${folder}/${String(frame.sequence).padStart(6, '0')}.jpg`
      await store.putFile(frameKey, sources[index]!.path)
      const { sequence, chunkId, timestamp, perceptualHash, hashQuality } = frame
      rows.push({ sequence, chunkId, timestamp, frameKey, perceptualHash, hashQuality, bytes: sources[index]!.size })
    }
    await timelines.addFrames(id, rows)
    if (input.last) await timelines.finishFrames(id)
    return { timelineId: id, added: true }
  } finally {
    // Moved into the store, or not wanted: none is left in the temp folder.
    await Promise.all(sources.map((source) => removeQuietly(source.path)))
  }
}

/**
 * `checkpoints:put`: checkpoints made elsewhere added to a timeline here, parents first, with the stage outputs they
 * carry (an output cached under its key already stays: the same key is the same output). The pushed root is the
 * timeline's root here (made when it has none); a checkpoint under the same parent, for the same stage and made at the
 * same time as one here is that one. A run this library does not hold is left out of the checkpoint (its run id null);
 * the pipeline runs are added after the checkpoints, each once, when their execution is here.
 */
export async function putCheckpoints(
  lib: Uses<'checkpoints' | 'pipelineRuns' | 'timelines' | 'workflowExecutions'>,
  input: ChannelInput<'checkpoints:put'>,
): Promise<ChannelOutput<'checkpoints:put'>> {
  const { repos } = lib.catalog
  const timeline = await repos.timelines.get(input.timelineId)
  if (!timeline || timeline.status !== 'ready') throw new AppError('not_found', `No timeline ${input.timelineId}.`)
  const outputs = { added: 0, present: 0 }
  for (const { output, ...row } of input.outputs) {
    if (row.contentHash !== timeline.contentHash) {
      throw new AppError('validation', `Output ${row.key} was made from other content than the timeline's.`)
    }
    if (await repos.checkpoints.hasOutput(row.key)) outputs.present++
    else {
      await repos.checkpoints.putOutput({ ...row, output: parsed(output, `Output ${row.key}`) })
      outputs.added++
    }
  }
  return lib.catalog.transaction(async (tx) => {
    const here = new Map((input.known ?? []).map(({ ref, id }) => [ref, id]))
    const existing = new Map(
      (await tx.checkpoints.ofTimeline(timeline.id)).map((row) => [
        sameAs(row.parentId, row.stage, row.createdAt),
        row,
      ]),
    )
    let rootId = (await tx.checkpoints.root(timeline.id))?.id
    const checkpoints = { added: 0, present: 0 }
    for (const pushed of input.checkpoints) {
      const parentId = pushed.parentRef === null ? null : here.get(pushed.parentRef)
      if (parentId === undefined) {
        throw new AppError('validation', `Checkpoint ${pushed.ref} comes before its parent ${pushed.parentRef}.`)
      }
      if (parentId !== null && (await tx.checkpoints.get(parentId))?.timelineId !== timeline.id) {
        throw new AppError('validation', `Checkpoint ${parentId} is not of timeline ${timeline.id}.`)
      }
      const found = parentId === null ? rootId : existing.get(sameAs(parentId, pushed.stage, pushed.createdAt))?.id
      if (found !== undefined) {
        here.set(pushed.ref, found)
        checkpoints.present++
        continue
      }
      const outputKeys = Object.fromEntries(pushed.outputKeys.map(({ stage, key }) => [stage, key]))
      for (const key of Object.values(outputKeys)) {
        if (!(await tx.checkpoints.hasOutput(key))) throw new AppError('validation', `No stage output ${key} here.`)
      }
      const runId = pushed.runId !== null && (await tx.workflowExecutions.get(pushed.runId)) ? pushed.runId : null
      const id = await tx.checkpoints.insert({
        timelineId: timeline.id,
        parentId,
        runId,
        stage: pushed.stage,
        stats: jsonObject(pushed.stats, `Checkpoint ${pushed.ref}'s stats`),
        configOverrides: jsonObject(pushed.configOverrides, `Checkpoint ${pushed.ref}'s config overrides`),
        cached: pushed.cached,
        createdAt: pushed.createdAt,
        outputKeys,
      })
      if (pushed.scenarioLabel !== null) await tx.checkpoints.setScenario(id, pushed.scenarioLabel)
      if (pushed.pinned) await tx.checkpoints.setPinned(id, true)
      here.set(pushed.ref, id)
      if (parentId === null) rootId = id
      checkpoints.added++
    }
    const runs = await addRuns(tx, timeline, input.runs ?? [], here)
    return { ids: input.checkpoints.map((pushed) => [pushed.ref, here.get(pushed.ref)!]), checkpoints, outputs, runs }
  })
}

/**
 * Adds the pipeline runs pushed with checkpoints to a timeline, each once, when its execution is here (their
 * workflows went first); `here` maps the checkpoints' refs to their ids here, for the one a replay started from.
 */
async function addRuns(
  tx: Pick<CatalogRepos, 'pipelineRuns' | 'workflowExecutions'>,
  timeline: TimelineRow,
  pushed: NonNullable<ChannelInput<'checkpoints:put'>['runs']>,
  here: ReadonlyMap<number, number>,
): Promise<PutTally> {
  const runs = { added: 0, present: 0 }
  for (const run of pushed) {
    if (await tx.pipelineRuns.get(run.executionId)) runs.present++
    else if (await tx.workflowExecutions.get(run.executionId)) {
      await tx.pipelineRuns.insert({
        executionId: run.executionId,
        videoId: timeline.videoId,
        timelineId: timeline.id,
        kind: run.kind,
        fromCheckpointId: run.fromCheckpointRef === null ? null : (here.get(run.fromCheckpointRef) ?? null),
        stages: JSON.stringify(run.stages),
        config: JSON.stringify(jsonObject(run.config, `Run ${run.executionId}'s config`)),
        currentStage: null,
        jobId: null,
        createdAt: run.createdAt,
      })
      runs.added++
    }
  }
  return runs
}

/** What makes a checkpoint the same as one pushed: its parent here, its stage and when it was made. */
function sameAs(parentId: number | null, stage: string | null, createdAt: string): string {
  return JSON.stringify([parentId, stage, createdAt])
}

/** JSON text sent by a push, parsed; a validation error naming `what` when it is no JSON. */
function parsed(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError('validation', `${what} is not JSON.`)
  }
}

/** JSON text that must hold an object (a checkpoint's stats or overrides). */
function jsonObject(text: string, what: string): JsonObject {
  const value = parsed(text, what)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('validation', `${what} is not a JSON object.`)
  }
  return value as JsonObject
}
