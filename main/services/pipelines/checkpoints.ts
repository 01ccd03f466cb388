import { AppError } from '../../../shared/errors'
import type { CheckpointRow } from '../../db/repos/checkpoints'
import type { Library } from '../../app/library-context'
import { childState, rootState, type JsonObject } from '../../pipelines/checkpoint-rules'

/** A checkpoint as the model reads it: its row with stats and overrides parsed, and its stages' output keys. */
export interface Checkpoint extends Omit<CheckpointRow, 'stats' | 'configOverrides'> {
  stats: JsonObject
  configOverrides: JsonObject
  /** Stage → the cache key of its output (the checkpoint's `stage_outputs`, each output stored once by key). */
  outputKeys: Record<string, string>
}

/** One stage's output to save under a checkpoint, with its cache key's parts. */
export interface StageOutput {
  stage: string
  key: string
  version: number
  contentHash: string
  configHash: string
  inputKeys: string[]
  output: unknown
}

/** The checkpoint `id`, or undefined. */
export function getCheckpoint(lib: Pick<Library, 'repos'>, id: number): Checkpoint | undefined {
  const row = lib.repos.checkpoints.get(id)
  return row && readCheckpoint(row, lib.repos.checkpoints.outputKeys(row.id))
}

/** Every checkpoint of a timeline, parents before children. */
export function timelineCheckpoints(lib: Pick<Library, 'repos'>, timelineId: number): Checkpoint[] {
  const outputKeys = lib.repos.checkpoints.timelineOutputKeys(timelineId)
  return lib.repos.checkpoints.ofTimeline(timelineId).map((row) => readCheckpoint(row, outputKeys.get(row.id) ?? {}))
}

/** Makes the root checkpoint of a new timeline: no parent, no stage outputs, stats `{frames_extracted: N}`. */
export function createRootCheckpoint(
  lib: Pick<Library, 'repos'>,
  timelineId: number,
  framesExtracted: number,
  runId: string | null,
): Checkpoint {
  const state = rootState(framesExtracted)
  const id = lib.repos.checkpoints.insert({
    timelineId,
    parentId: null,
    runId,
    stage: null,
    stats: JSON.stringify(state.stats),
    configOverrides: JSON.stringify(state.configOverrides),
    cached: false,
    createdAt: new Date().toISOString(),
    outputKeys: state.outputKeys,
  })
  return getCheckpoint(lib, id)!
}

/**
 * Saves a stage's output as a new child of `parentId` (see childState: the parent's outputs carried forward, a
 * same-named stage replaced, stats and overrides merged with new keys winning). The output is cached under its
 * key once: another checkpoint with the same key shares it. A missing parent is refused, never made a root.
 */
export function saveStageOutput(
  lib: Pick<Library, 'db' | 'repos'>,
  save: {
    parentId: number
    runId: string | null
    output: StageOutput
    stats?: JsonObject
    configOverrides?: JsonObject
    cached?: boolean
  },
): Checkpoint {
  const { checkpoints } = lib.repos
  const { output } = save
  const id = lib.db.transaction(() => {
    const parent = getCheckpoint(lib, save.parentId)
    if (!parent) {
      throw new AppError(
        'not_found',
        `Cannot save the ${output.stage} output: checkpoint ${save.parentId} is not there (deleted, or never made).`,
      )
    }
    const state = childState(parent, {
      stage: output.stage,
      outputKey: output.key,
      stats: save.stats,
      configOverrides: save.configOverrides,
    })
    const text = JSON.stringify(output.output)
    const createdAt = new Date().toISOString()
    checkpoints.putOutput({
      key: output.key,
      stage: output.stage,
      version: output.version,
      contentHash: output.contentHash,
      configHash: output.configHash,
      inputKeys: JSON.stringify(output.inputKeys),
      output: text,
      bytes: Buffer.byteLength(text),
      createdAt,
    })
    return checkpoints.insert({
      timelineId: parent.timelineId,
      parentId: parent.id,
      runId: save.runId,
      stage: output.stage,
      stats: JSON.stringify(state.stats),
      configOverrides: JSON.stringify(state.configOverrides),
      cached: save.cached ?? false,
      createdAt,
      outputKeys: state.outputKeys,
    })
  })()
  return getCheckpoint(lib, id)!
}

/** The output of `stage` a checkpoint carries, parsed, or null when it carries none (or the checkpoint is gone). */
export function loadStageOutput(lib: Pick<Library, 'repos'>, checkpointId: number, stage: string): unknown {
  const key = lib.repos.checkpoints.outputKeys(checkpointId)[stage]
  const row = key === undefined ? undefined : lib.repos.checkpoints.output(key)
  return row ? JSON.parse(row.output) : null
}

function readCheckpoint(row: CheckpointRow, outputKeys: Record<string, string>): Checkpoint {
  return {
    ...row,
    stats: JSON.parse(row.stats) as JsonObject,
    configOverrides: JSON.parse(row.configOverrides) as JsonObject,
    outputKeys,
  }
}
