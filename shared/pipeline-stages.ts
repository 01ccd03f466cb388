import { z } from 'zod'

/** The stages a pipeline is made of, in the order a pipeline runs them when asked for several. */
export const StageName = z.enum([
  'frames',
  'dedupe_frames',
  'scenes',
  'silence',
  'black',
  'freeze',
  'loudness',
  'text',
  'match',
  'keyframes',
])
export type StageName = z.infer<typeof StageName>

/** The frames stage: the timeline itself, at `fps` frames a second, in a named size (its longest side and quality). */
export const FramesStageConfig = z.object({
  fps: z.number().positive().max(60).default(2),
  profile: z.enum(['default', 'small', 'full']).default('default'),
})
export type FramesStageConfig = z.infer<typeof FramesStageConfig>

/** dedupe_frames: a frame within `max_distance` bits (PDQ, of 256) of the last kept one is dropped. */
export const DedupeStageConfig = z.object({
  max_distance: z.number().int().min(0).max(128).default(16),
})
export type DedupeStageConfig = z.infer<typeof DedupeStageConfig>

/** keyframes: one kept frame per shot, the one nearest the shot's middle; nothing to set. */
export const KeyframesStageConfig = z.object({})

/** The id of the pipeline Framevault ships (frames → dedupe_frames → text → match), a workflow once first run. */
export const DEFAULT_PIPELINE_ID = 'framevault-default-pipeline'
