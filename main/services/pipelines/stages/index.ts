import { AppError } from '../../../../shared/errors'
import { StageName } from '../../../../shared/pipeline-stages'
import type { StageReads } from '../../../pipelines/pipeline-definition'
import { analyzerStages } from './analyzer-stages'
import { dedupeFramesStage } from './dedupe-frames'
import { keyframesStage } from './keyframes'
import { matchStage } from './match-stage'
import type { StageDefinition } from './stage-types'
import { textStage } from './text-stage'

type RunnableStage = Exclude<StageName, 'frames'>

// Each stage's own config and output types are checked in its file; here they are one list.
const STAGES = {
  dedupe_frames: dedupeFramesStage,
  ...analyzerStages,
  text: textStage,
  match: matchStage,
  keyframes: keyframesStage,
} as unknown as Record<RunnableStage, StageDefinition>

/** The stage that runs under `name` (frames is the timeline, made before any stage runs). */
export function stageDefinition(name: StageName): StageDefinition {
  if (name === 'frames')
    throw new AppError('validation', 'frames is the timeline itself, not a stage that runs on one.')
  return STAGES[name]
}

/** What each stage reads. */
export const STAGE_READS: StageReads = Object.fromEntries(
  StageName.options.map((name) => [
    name,
    name === 'frames'
      ? { reads: [], readsFrames: false }
      : { reads: STAGES[name].reads, readsFrames: STAGES[name].readsFrames },
  ]),
) as StageReads
