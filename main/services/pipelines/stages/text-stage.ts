import { availableParallelism } from 'node:os'
import { TextStageConfig } from '../../../../shared/pipeline-stage-configs'
import { readFrameText, type FrameWord } from '../../../pipelines/text/frame-text'
import type { DedupeOutput } from './dedupe-frames'
import type { StageDefinition } from './stage-types'
import { noteScreenWords } from '../screen-text'

/** The words found on one kept frame; `until` is the time of the last frame it stands for (those dedupe dropped after it). */
export interface FrameText {
  sequence: number
  timestamp: number
  until: number
  words: FrameWord[]
}

/** text: the on-screen words of the kept frames (Tesseract), with confidence and boxes, in frame order. */
export const textStage: StageDefinition<TextStageConfig, { frames: FrameText[] }> = {
  name: 'text',
  version: 1,
  config: TextStageConfig,
  reads: ['dedupe_frames'],
  readsFrames: true,
  async run({ lib, inputs, frames, store, config, signal, progress }) {
    const kept = new Set((inputs.dedupe_frames as DedupeOutput).kept)
    const todo = frames.filter((frame) => kept.has(frame.sequence))
    const until = standsUntil(frames, kept)
    const found: FrameText[] = new Array(todo.length)
    let next = 0
    let done = 0
    const worker = async () => {
      for (let index = next++; index < todo.length; index = next++) {
        const frame = todo[index]!
        const words = await readFrameText(await store.localFile(frame.frameKey), config, {
          signal,
          tesseract: lib.tools.tesseract,
        })
        found[index] = {
          sequence: frame.sequence,
          timestamp: frame.timestamp,
          until: until.get(frame.sequence)!,
          words,
        }
        progress(++done / todo.length)
      }
    }
    await Promise.all(Array.from({ length: Math.min(availableParallelism(), todo.length) }, worker))
    return { frames: found }
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
