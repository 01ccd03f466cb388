import type { z } from 'zod'
import { FreezeConfig } from '../../../../shared/contract/analyzer-configs'
import { amplitude, closeOpen, NUMBER, runFilter } from './run-filter'
import type { AnalysisRange, Analyzer } from './types'

type FreezeConfig = z.output<typeof FreezeConfig>

const START = new RegExp(String.raw`lavfi\.freezedetect\.freeze_start:\s*${NUMBER}`)
const END = new RegExp(String.raw`lavfi\.freezedetect\.freeze_end:\s*${NUMBER}`)

/** Frozen-picture stretches (ffmpeg freezedetect), labelled 'freeze'. */
export const freeze: Analyzer<FreezeConfig> = {
  name: 'freeze',
  config: FreezeConfig,
  async run(file, config, ctx) {
    const { lines, end } = await runFilter(file, ctx, {
      analyzer: 'freeze',
      stream: 'video',
      filter: `freezedetect=n=${amplitude(config.noiseDb)}:d=${config.minDuration}`,
      keepLine: (line) => START.test(line) || END.test(line),
    })
    const ranges: AnalysisRange[] = []
    let open: number | null = null
    for (const line of lines) {
      const start = START.exec(line)
      if (start) open = Number(start[1])
      const stop = END.exec(line)
      if (stop && open !== null) {
        ranges.push({ start: open, end: Number(stop[1]), label: 'freeze' })
        open = null
      }
    }
    // freezedetect logs no end for a picture still frozen when the stream ends.
    const last = closeOpen(open, end)
    if (last) ranges.push({ ...last, label: 'freeze' })
    const frozenSeconds = ranges.reduce((sum, range) => sum + range.end - range.start, 0)
    return { ranges, metadata: { frozenSeconds, count: ranges.length } }
  },
}
