import { DedupeStageConfig } from '../../../../shared/pipeline-stages'
import { hammingDistance, hashFromHex } from '../../../similar/hash-bits'
import type { StageDefinition } from './stage-types'

/** dedupe_frames' output: the sequences of the frames kept, ascending. */
export interface DedupeOutput {
  kept: number[]
}

/** The frames kept: the first, then each more than `maxDistance` bits from the last kept one. */
export function keptFrames(frames: { sequence: number; perceptualHash: string }[], maxDistance: number): number[] {
  const kept: number[] = []
  let last: Uint8Array | null = null
  for (const frame of frames) {
    const hash = hashFromHex(frame.perceptualHash)
    if (last !== null && hammingDistance(hash, last) <= maxDistance) continue
    kept.push(frame.sequence)
    last = hash
  }
  return kept
}

/** dedupe_frames: drops frames within a Hamming distance of the last kept one. */
export const dedupeFramesStage: StageDefinition<DedupeStageConfig, DedupeOutput> = {
  name: 'dedupe_frames',
  version: 1,
  config: DedupeStageConfig,
  reads: [],
  readsFrames: true,
  run: async ({ frames, config }) => ({ kept: keptFrames(frames, config.max_distance) }),
  statsOf: (output) => ({ frames_kept: output.kept.length }),
}
