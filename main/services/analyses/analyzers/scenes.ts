import type { z } from 'zod'
import { ScenesConfig } from '../../../../shared/contract/analyzer-configs'
import { NUMBER, runFilter } from './run-filter'
import type { AnalysisRange, Analyzer } from './types'

type ScenesConfig = z.output<typeof ScenesConfig>

// Frames are compared at this height: the score barely changes, and scaling early keeps the filters cheap.
const ANALYSIS_HEIGHT = 144
const FRAME = new RegExp(String.raw`\bpts_time:\s*${NUMBER}`)
const SCORE = new RegExp(String.raw`lavfi\.scene_score=${NUMBER}`)

/**
 * The filter chain: every frame passes `select` (so progress follows the stream), and `metadata` prints only the
 * frames scoring at or above the threshold. RGB, because a luma-only comparison misses cuts between shots of
 * equal brightness (red to green); ffmpeg 5 scores YUV input on luma alone, the 2018 build converts to RGB.
 */
function sceneFilter(threshold: number): string {
  return [
    `scale=-2:'min(${ANALYSIS_HEIGHT},ih)':flags=fast_bilinear`,
    'format=rgb24',
    `select='gte(scene,0)'`,
    // `greater` is strict; the threshold is nudged so a score equal to it counts, as the config says.
    `metadata=mode=print:key=lavfi.scene_score:value=${threshold - 1e-9}:function=greater`,
  ].join(',')
}

/** Shots between scene cuts (ffmpeg select's scene score), labelled 'shot'; a shot's confidence is its cut's score. */
export const scenes: Analyzer<ScenesConfig> = {
  name: 'scenes',
  config: ScenesConfig,
  async run(file, config, ctx) {
    const { lines, end } = await runFilter(file, ctx, {
      analyzer: 'scenes',
      stream: 'video',
      filter: sceneFilter(config.threshold),
      // Decoding is most of the cost. Skipping H.264's deblocking filter took a 10-minute 1080p pass from 64 s to
      // 48 s here, and moved cut scores on a CRF 40 clip by less than 0.01.
      inputOptions: ['-skip_loop_filter', 'all'],
      keepLine: (line) => FRAME.test(line) || SCORE.test(line),
    })
    const cuts: Array<{ time: number; score: number }> = []
    let frameTime: number | null = null
    for (const line of lines) {
      const frame = FRAME.exec(line)
      if (frame) frameTime = Number(frame[1])
      const score = SCORE.exec(line)
      if (!score || frameTime === null) continue
      const previous = cuts.length ? cuts[cuts.length - 1].time : 0
      if (frameTime > 0 && frameTime - previous >= config.minShotDuration) {
        cuts.push({ time: frameTime, score: Number(score[1]) })
      }
      frameTime = null
    }
    return { ranges: shots(cuts, end), metadata: { cuts } }
  },
}

/** The shots from 0 to `end` split at the cuts, each but the first carrying its cut's score as confidence. */
function shots(cuts: Array<{ time: number; score: number }>, end: number | null): AnalysisRange[] {
  const ranges: AnalysisRange[] = cuts.map((cut, i) => ({
    start: i === 0 ? 0 : cuts[i - 1].time,
    end: cut.time,
    label: 'shot',
    ...(i === 0 ? {} : { confidence: cuts[i - 1].score }),
  }))
  const last = cuts.at(-1)
  if (end !== null && end > (last?.time ?? 0)) {
    ranges.push({ start: last?.time ?? 0, end, label: 'shot', ...(last ? { confidence: last.score } : {}) })
  }
  return ranges
}
