import type { AnalyzerName } from '../../../../shared/contract'
import type { AnalysisRange } from '../../analyses/analyzers/types'
import { getAnalyzer } from '../../analyses/analyzers'
import { analyseAsset, analysisPlan } from '../../analyses/analyze-asset'
import type { StageDefinition } from './stage-types'

/** An analyzer stage's output: the ranges it found, and whether the library's analyses cache had them. */
export interface AnalyzerStageOutput {
  ranges: AnalysisRange[]
}

/**
 * The five analyzers as stages, with the same configs and the same cache as analyses run on their own: a
 * pipeline's scenes of a file already analysed with that config run no ffmpeg.
 */
function analyzerStage(analyzer: AnalyzerName): StageDefinition<Record<string, unknown>, AnalyzerStageOutput> {
  return {
    name: analyzer,
    version: 1,
    config: getAnalyzer(analyzer).config as StageDefinition<Record<string, unknown>>['config'],
    reads: [],
    readsFrames: false,
    async run({ lib, asset, config, signal, progress }) {
      const plan = analysisPlan({ analyzer, config })
      const result = await analyseAsset(lib, asset, plan, signal, (fraction) => progress(fraction))
      return { ranges: result.analysis.ranges as AnalysisRange[] }
    },
    statsOf: (output) => ({ [`${analyzer}_ranges`]: output.ranges.length }),
  }
}

export const analyzerStages = {
  scenes: analyzerStage('scenes'),
  silence: analyzerStage('silence'),
  black: analyzerStage('black'),
  freeze: analyzerStage('freeze'),
  loudness: analyzerStage('loudness'),
}
