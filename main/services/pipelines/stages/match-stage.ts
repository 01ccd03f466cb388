import { MatchStageConfig } from '../../../../shared/pipeline-stage-configs'
import { matchTerms, type Detection } from '../../../pipelines/text/match-terms'
import type { FrameText } from './text-stage'
import type { StageDefinition } from './stage-types'

/**
 * match: the terms of its list seen in the text, each with when it was first and last seen (a kept frame counts
 * until the next kept one: dedupe dropped the frames between as the same picture) and on which frames.
 */
export const matchStage: StageDefinition<MatchStageConfig, { detections: Detection[] }> = {
  name: 'match',
  version: 1,
  config: MatchStageConfig,
  reads: ['text'],
  readsFrames: false,
  run: async ({ inputs, config }) => ({
    detections: matchTerms((inputs.text as { frames: FrameText[] }).frames, config),
  }),
  statsOf: (output) => ({ detections: output.detections.length }),
}
