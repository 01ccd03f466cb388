import { AppError } from '../../../shared/errors'
import type { Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import type { CheckpointRow } from '../../db/repos/checkpoints'
import { childState, rootState, type JsonObject } from '../../pipelines/checkpoint-rules'

/** A checkpoint as the model reads it: its row and its stages' output keys. */
export interface Checkpoint extends CheckpointRow {
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

/** The checkpoint `id`, or undefined: read through the catalogue's repositories or a transaction's. */
export async function getCheckpoint(
  repos: Pick<CatalogRepos, 'checkpoints'>,
  id: number,
): Promise<Checkpoint | undefined> {
  const row = await repos.checkpoints.get(id)
  return row && { ...row, outputKeys: await repos.checkpoints.outputKeys(row.id) }
}

/** Every checkpoint of a timeline, parents before children. */
export async function timelineCheckpoints(
  repos: Pick<CatalogRepos, 'checkpoints'>,
  timelineId: number,
): Promise<Checkpoint[]> {
  const outputKeys = await repos.checkpoints.timelineOutputKeys(timelineId)
  const rows = await repos.checkpoints.ofTimeline(timelineId)
  return rows.map((row) => ({ ...row, outputKeys: outputKeys.get(row.id) ?? {} }))
}

/** Makes the root checkpoint of a new timeline: no parent, no stage outputs, stats `{frames_extracted: N}`. */
export async function createRootCheckpoint(
  repos: Pick<CatalogRepos, 'checkpoints'>,
  timelineId: number,
  framesExtracted: number,
  runId: string | null,
): Promise<Checkpoint> {
  const state = rootState(framesExtracted)
  const id = await repos.checkpoints.insert({
    timelineId,
    parentId: null,
    runId,
    stage: null,
    stats: state.stats,
    configOverrides: state.configOverrides,
    cached: false,
    createdAt: new Date().toISOString(),
    outputKeys: state.outputKeys,
  })
  return (await getCheckpoint(repos, id))!
}

/**
 * Saves a stage's output as a new child of `parentId` (see childState: the parent's outputs carried forward, a
 * same-named stage replaced, stats and overrides merged with new keys winning). The output is cached under its
 * key once: another checkpoint with the same key shares it. A missing parent is refused, never made a root.
 */
export function saveStageOutput(
  lib: Uses<'checkpoints'>,
  save: {
    parentId: number
    runId: string | null
    output: StageOutput
    stats?: JsonObject
    configOverrides?: JsonObject
    cached?: boolean
  },
): Promise<Checkpoint> {
  const { output } = save
  return lib.catalog.transaction(async (repos) => {
    const parent = await getCheckpoint(repos, save.parentId)
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
    const createdAt = new Date().toISOString()
    await repos.checkpoints.putOutput({ ...output, createdAt })
    const id = await repos.checkpoints.insert({
      timelineId: parent.timelineId,
      parentId: parent.id,
      runId: save.runId,
      stage: output.stage,
      stats: state.stats,
      configOverrides: state.configOverrides,
      cached: save.cached ?? false,
      createdAt,
      outputKeys: state.outputKeys,
    })
    return (await getCheckpoint(repos, id))!
  })
}

/** The output of `stage` a checkpoint carries, parsed, or null when it carries none (or the checkpoint is gone). */
export async function loadStageOutput(
  repos: Pick<CatalogRepos, 'checkpoints'>,
  checkpointId: number,
  stage: string,
): Promise<unknown> {
  const key = (await repos.checkpoints.outputKeys(checkpointId))[stage]
  const row = key === undefined ? undefined : await repos.checkpoints.output(key)
  return row ? row.output : null
}
