/** A JSON object as checkpoints keep them (stats, config overrides). */
export type JsonObject = Record<string, unknown>

/** What a checkpoint carries: each stage's output key, its stats and the config overrides that led to it. */
export interface CheckpointState {
  /** Stage name → the cache key of its output. */
  outputKeys: Record<string, string>
  stats: JsonObject
  configOverrides: JsonObject
}

/** What saving one stage's output adds to the checkpoint it started from. */
export interface StageSave {
  stage: string
  outputKey: string
  stats?: JsonObject
  configOverrides?: JsonObject
}

/** The root checkpoint of a timeline: no stage outputs, stats `{frames_extracted: N}`, no overrides. */
export function rootState(framesExtracted: number): CheckpointState {
  return { outputKeys: {}, stats: { frames_extracted: framesExtracted }, configOverrides: {} }
}

/**
 * The state of the child made by saving a stage's output on `parent`: the parent's outputs carried forward
 * with this stage's (a stage of the same name replaces the parent's), the parent's stats and config
 * overrides merged with the new ones (new keys win).
 */
export function childState(parent: CheckpointState, save: StageSave): CheckpointState {
  return {
    outputKeys: { ...parent.outputKeys, [save.stage]: save.outputKey },
    stats: { ...parent.stats, ...save.stats },
    configOverrides: { ...parent.configOverrides, ...save.configOverrides },
  }
}
