import { MatchStageConfig } from '../../../../shared/pipeline-stage-configs'
import { matchTerms, type Detection } from '../../../pipelines/text/match-terms'
import type { FrameText } from './text-stage'
import type { StageDefinition } from './stage-types'

/**
 * match: the terms of its list seen in the text, a detection per span each is on screen (from the first frame it
 * is read on to the end of the last; a kept frame counts until the next kept one, as dedupe dropped the frames
 * between as the same picture) with the frames it was read on.
 */
export const matchStage: StageDefinition<MatchStageConfig, { detections: Detection[] }> = {
  name: 'match',
  version: 3,
  config: MatchStageConfig,
  reads: ['text'],
  readsFrames: false,
  run: async ({ inputs, config, timeline }) => {
    const text = inputs.text as { frames: FrameText[]; interval?: number }
    // A text output of version 1 has no interval; its frames came from this timeline.
    return { detections: matchTerms(text.frames, config, text.interval ?? 1 / timeline.fps) }
  },
  statsOf: (output) => ({ detections: output.detections.length }),
}
