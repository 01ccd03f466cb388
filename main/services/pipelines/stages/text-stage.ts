import { availableParallelism } from 'node:os'
import { TextStageConfig } from '../../../../shared/pipeline-stage-configs'
import type { FrameWord } from '../../../pipelines/text/tesseract-tsv'
import { readScreenText } from '../../../pipelines/text/screen-text-reader'
import type { FramesConfig } from '../../../pipelines/timeline-frames'
import { assetLocalFile } from '../../assets/content-hash'
import type { DedupeOutput } from './dedupe-frames'
import type { StageDefinition } from './stage-types'
import { noteScreenWords } from '../screen-text'

/** The words found on one kept frame; `until` is the time of the last frame it stands for (those dedupe dropped after it). */
export interface FrameText {
  sequence: number
  timestamp: number
  until: number
  /** Boxes in the pixels of the frame as read: the source scaled to a longest side of at most 1920. */
  words: FrameWord[]
}

/**
 * text: the on-screen words of the kept frames, read from the source itself (not the filmstrip's smaller frames),
 * line by line (see main/pipelines/text/), with confidence and boxes, in frame order; `interval` is the time
 * between two frames of the timeline, which a kept frame's words stand for.
 */
export const textStage: StageDefinition<TextStageConfig, { frames: FrameText[]; interval: number }> = {
  name: 'text',
  version: 5,
  config: TextStageConfig,
  reads: ['dedupe_frames'],
  readsFrames: true,
  async run({ lib, asset, timeline, inputs, frames, store, config, signal, progress }) {
    const kept = new Set((inputs.dedupe_frames as DedupeOutput).kept)
    const todo = frames.filter((frame) => kept.has(frame.sequence))
    const until = standsUntil(frames, kept)
    const scratch = await store.scratch()
    try {
      let done = 0
      const words = await readScreenText({
        ffmpeg: lib.tools.ffmpeg,
        tesseract: lib.tools.tesseract,
        source: await assetLocalFile(lib, asset),
        fps: timeline.fps,
        sampling: (timeline.config as FramesConfig).sampling,
        sequences: kept,
        config,
        scratch: scratch.dir,
        concurrency: availableParallelism(),
        signal,
        onFrame: () => progress(++done / todo.length),
      })
      const found = todo.map((frame) => ({
        sequence: frame.sequence,
        timestamp: frame.timestamp,
        until: until.get(frame.sequence)!,
        words: words.get(frame.sequence) ?? [],
      }))
      return { frames: found, interval: 1 / timeline.fps }
    } finally {
      await scratch.release()
    }
  },
  indexOutput: (lib, assetId, output) => noteScreenWords(lib, assetId, output.frames),
  statsOf: (output) => ({
    frames_read: output.frames.length,
    words: output.frames.reduce((sum, frame) => sum + frame.words.length, 0),
  }),
}

/** For each kept frame, the time of the last frame before the next kept one (its own when the next is kept). */
function standsUntil(frames: { sequence: number; timestamp: number }[], kept: Set<number>): Map<number, number> {
  const until = new Map<number, number>()
  let current: number | null = null
  for (const frame of frames) {
    if (kept.has(frame.sequence)) current = frame.sequence
    if (current !== null) until.set(current, frame.timestamp)
  }
  return until
}
