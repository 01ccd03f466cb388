import type { CheckpointNode, PipelineRun, StageConfigs } from '../../../../shared/contract'
import type { StageName } from '../../../../shared/pipeline-stages'
import { changedFields, configProblem, fieldText, stageDefaults, stageFields, type TypedFields } from './stage-fields'

// What follows a checkpoint when the run that made it is gone (deleted) or unknown.
const FALLBACK: StageName[] = ['dedupe_frames', 'text', 'match']

/** The stages a replay from `node` runs: those after its stage in the run that made it (all but frames for a root). */
export function stagesAfter(node: CheckpointNode, run: PipelineRun | undefined): StageName[] {
  const stages: StageName[] = (run?.stages ?? FALLBACK).filter((stage) => stage !== 'frames')
  if (node.stage === null) return stages
  const at = stages.indexOf(node.stage)
  return at < 0 ? [] : stages.slice(at + 1)
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

/**
 * For each stage after `node`, what it would run with unasked, which the form starts from: its defaults, under
 * the overrides the checkpoint carries, under the config the run that made it gave the stage (the backend's
 * order: a replay takes its run's config, and a stage's carried overrides go under what the run names).
 */
export function replayStart(node: CheckpointNode, run: PipelineRun | undefined, stages: readonly StageName[]) {
  return stages.map((stage) => ({
    stage,
    shown: { ...stageDefaults(stage), ...asObject(node.configOverrides[stage]), ...asObject(run?.config[stage]) },
  }))
}

/**
 * The overrides a replay sends: per stage, only the fields whose value differs from what it would run with
 * unasked, and the first problem the stages' schemas find in what would run.
 */
export function replayConfig(
  start: ReturnType<typeof replayStart>,
  typed: Partial<Record<StageName, TypedFields>>,
): { config: StageConfigs; problem: string | null } {
  const config: StageConfigs = {}
  let problem: string | null = null
  for (const { stage, shown } of start) {
    const texts: TypedFields = {}
    for (const field of stageFields(stage)) {
      texts[field.name] = typed[stage]?.[field.name] ?? fieldText(field, shown[field.name])
    }
    const changed = changedFields(stage, texts, shown)
    if (Object.keys(changed).length > 0) config[stage] = changed
    problem ??= configProblem(stage, { ...shown, ...changed })
  }
  return { config, problem }
}
