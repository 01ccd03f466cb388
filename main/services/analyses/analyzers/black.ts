import { z } from 'zod'
import { NUMBER, runFilter } from './run-filter'
import type { AnalysisRange, Analyzer } from './types'

const BlackConfig = z.strictObject({
  /** Shortest black stretch reported, in seconds. */
  minDuration: z.number().min(0.01).max(3600).default(1),
  /** Share of a frame's pixels that must be black for the frame to count as black (0..1). */
  pictureThreshold: z.number().min(0).max(1).default(0.98),
  /** Brightest pixel that still counts as black, as a share of the luma range (0..1). */
  pixelThreshold: z.number().min(0).max(1).default(0.1),
})
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
