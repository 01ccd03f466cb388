import type { z } from 'zod'
import { SilenceConfig } from '../../../../shared/contract/analyzer-configs'
import { amplitude, closeOpen, NUMBER, runFilter } from './run-filter'
import type { AnalysisRange, Analyzer } from './types'

type SilenceConfig = z.output<typeof SilenceConfig>

const START = new RegExp(String.raw`silence_start:\s*${NUMBER}`)
const END = new RegExp(String.raw`silence_end:\s*${NUMBER}`)

/** Silences (ffmpeg silencedetect) labelled 'silence', and the sound between them labelled 'sound'. */
export const silence: Analyzer<SilenceConfig> = {
  name: 'silence',
  config: SilenceConfig,
  async run(file, config, ctx) {
    const { lines, end } = await runFilter(file, ctx, {
      analyzer: 'silence',
      stream: 'audio',
      filter: `silencedetect=n=${amplitude(config.noiseDb)}:d=${config.minDuration}`,
      keepLine: (line) => START.test(line) || END.test(line),
    })
    const silences: Array<{ start: number; end: number }> = []
    let open: number | null = null
    for (const line of lines) {
      const start = START.exec(line)
      if (start) open = Math.max(0, Number(start[1]))
      const stop = END.exec(line)
      if (stop && open !== null) {
        silences.push({ start: open, end: Number(stop[1]) })
        open = null
      }
    }
    const last = closeOpen(open, end)
    if (last) silences.push(last)
    const ranges: AnalysisRange[] = []
    let soundFrom = 0
    for (const gap of silences) {
      if (gap.start > soundFrom) ranges.push({ start: soundFrom, end: gap.start, label: 'sound' })
      ranges.push({ ...gap, label: 'silence' })
      soundFrom = gap.end
    }
    if (end !== null && end > soundFrom) ranges.push({ start: soundFrom, end, label: 'sound' })
    const silentSeconds = silences.reduce((sum, gap) => sum + gap.end - gap.start, 0)
    return { ranges, metadata: { silentSeconds, silences: silences.length } }
  },
}
