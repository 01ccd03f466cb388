import type { z } from 'zod'
import { BlackConfig } from '../../../../shared/contract/analyzer-configs'
import { NUMBER, runFilter } from './run-filter'
import type { AnalysisRange, Analyzer } from './types'

type BlackConfig = z.output<typeof BlackConfig>

const EVENT = new RegExp(String.raw`black_start:\s*${NUMBER}\s+black_end:\s*${NUMBER}`)

/** Black stretches (ffmpeg blackdetect), labelled 'black'. */
export const black: Analyzer<BlackConfig> = {
  name: 'black',
  config: BlackConfig,
  async run(file, config, ctx) {
    const filter = `blackdetect=d=${config.minDuration}:pic_th=${config.pictureThreshold}:pix_th=${config.pixelThreshold}`
    const { lines } = await runFilter(file, ctx, {
      analyzer: 'black',
      stream: 'video',
      filter,
      keepLine: (line) => EVENT.test(line),
    })
    const ranges: AnalysisRange[] = []
    for (const line of lines) {
      const [, start, end] = EVENT.exec(line) ?? []
      ranges.push({ start: Number(start), end: Number(end), label: 'black' })
    }
    const blackSeconds = ranges.reduce((sum, range) => sum + range.end - range.start, 0)
    return { ranges, metadata: { blackSeconds, count: ranges.length } }
  },
}
