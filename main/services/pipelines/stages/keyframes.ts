import { KeyframesStageConfig } from '../../../../shared/pipeline-stages'
import type { DedupeOutput } from './dedupe-frames'
import type { AnalyzerStageOutput } from './analyzer-stages'
import type { StageDefinition } from './stage-types'

/** One shot's representative frame. */
export interface Keyframe {
  shot_start: number
  shot_end: number
  sequence: number
  timestamp: number
}

/**
 * One kept frame per shot: the kept frame inside the shot nearest its middle (a shot with no kept frame inside,
 * shorter than the frame interval, has none).
 */
export function shotKeyframes(
  shots: { start: number; end: number }[],
  kept: { sequence: number; timestamp: number }[],
): Keyframe[] {
  const keyframes: Keyframe[] = []
  for (const shot of shots) {
    const middle = (shot.start + shot.end) / 2
    let best: { sequence: number; timestamp: number } | null = null
    for (const frame of kept) {
      if (frame.timestamp < shot.start || frame.timestamp >= shot.end) continue
      if (!best || Math.abs(frame.timestamp - middle) < Math.abs(best.timestamp - middle)) best = frame
    }
    if (best)
      keyframes.push({ shot_start: shot.start, shot_end: shot.end, sequence: best.sequence, timestamp: best.timestamp })
  }
  return keyframes
}

/** keyframes: one representative kept frame per shot (needs scenes and dedupe_frames). */
export const keyframesStage: StageDefinition<Record<string, never>, { keyframes: Keyframe[] }> = {
  name: 'keyframes',
  version: 1,
  config: KeyframesStageConfig,
  reads: ['scenes', 'dedupe_frames'],
  readsFrames: true,
  async run({ inputs, frames }) {
    const keptSet = new Set((inputs.dedupe_frames as DedupeOutput).kept)
    const kept = frames.filter((frame) => keptSet.has(frame.sequence))
    return { keyframes: shotKeyframes((inputs.scenes as AnalyzerStageOutput).ranges, kept) }
  },
  statsOf: (output) => ({ keyframes: output.keyframes.length }),
}
