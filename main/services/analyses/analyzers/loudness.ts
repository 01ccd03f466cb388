import type { z } from 'zod'
import { LoudnessConfig } from '../../../../shared/contract/analyzer-configs'
import { NUMBER, runFilter } from './run-filter'
import type { AnalysisRange, Analyzer } from './types'

type LoudnessConfig = z.output<typeof LoudnessConfig>

// One framelog line per 100 ms: `[Parsed_ebur128_0 @ 0x…] t: 3.59998  TARGET:-23 LUFS  M: -12.6 S: -20.0  I: …`.
const FRAME = new RegExp(String.raw`\bt:\s*${NUMBER}\s.*?\bM:\s*${NUMBER}\s`)
// The summary's lines carry no filter prefix: `    I:         -13.5 LUFS`, `    Peak:       -3.1 dBFS`.
const SUMMARY = /^\s+(I|LRA|LRA low|LRA high|Peak):\s+(-?\d+(?:\.\d+)?|-inf|inf|nan)\s+(?:LUFS|LU|dBFS)\s*$/
const STEP = 0.1
// Momentary loudness covers the 400 ms before each `t`; a loud sample is placed at its window's middle.
const WINDOW = 0.4

/** Parses a summary value; ffmpeg prints `-inf` for the peak of a silent file. */
const level = (text: string): number | null => (Number.isFinite(Number(text)) ? Number(text) : null)

/**
 * EBU R128 loudness (ffmpeg ebur128 with true peak): integrated loudness, loudness range and true peak in the
 * metadata; stretches whose momentary loudness exceeds the integrated loudness by `marginLu` labelled 'loud'.
 */
export const loudness: Analyzer<LoudnessConfig> = {
  name: 'loudness',
  config: LoudnessConfig,
  async run(file, config, ctx) {
    const times: number[] = []
    const momentary: number[] = []
    const { lines, end } = await runFilter(file, ctx, {
      analyzer: 'loudness',
      stream: 'audio',
      filter: 'ebur128=framelog=info:peak=true',
      // Ten lines a second: parsed as they come instead of kept, so hours of audio stay a few arrays of numbers.
      onLine(line) {
        const frame = FRAME.exec(line)
        if (!frame) return
        times.push(Number(frame[1]))
        momentary.push(Number(frame[2]))
      },
      keepLine: (line) => SUMMARY.test(line),
    })
    const summary = new Map<string, number | null>()
    for (const line of lines) {
      const [, key, value] = SUMMARY.exec(line) ?? []
      summary.set(key, level(value))
    }
    const integrated = summary.get('I')
    if (integrated === undefined || integrated === null)
      throw new Error(`ebur128 printed no integrated loudness for ${file}`)
    const threshold = integrated + config.marginLu
    const ranges = loudRanges(times, momentary, threshold, end).filter(
      (range) => range.end - range.start >= config.minDuration - 1e-9,
    )
    const metadata = {
      integratedLufs: integrated,
      loudnessRangeLu: summary.get('LRA') ?? null,
      loudnessRangeLowLufs: summary.get('LRA low') ?? null,
      loudnessRangeHighLufs: summary.get('LRA high') ?? null,
      truePeakDbfs: summary.get('Peak') ?? null,
      loudThresholdLufs: threshold,
    }
    return { ranges, metadata }
  },
}

/** Runs of momentary samples above `threshold`, each sample standing for the 100 ms around its window's middle. */
function loudRanges(times: number[], momentary: number[], threshold: number, end: number | null): AnalysisRange[] {
  const ranges: AnalysisRange[] = []
  const limit = end ?? Infinity
  let run: { first: number; last: number; peak: number } | null = null
  const close = () => {
    if (!run) return
    const start = Math.max(0, run.first - WINDOW / 2 - STEP / 2)
    const stop = Math.min(limit, run.last - WINDOW / 2 + STEP / 2)
    ranges.push({ start, end: stop, label: 'loud', payload: { maxMomentaryLufs: run.peak } })
    run = null
  }
  times.forEach((time, index) => {
    const value = momentary[index]
    if (value <= threshold) return close()
    if (run && time - run.last <= STEP * 1.5) {
      run.last = time
      run.peak = Math.max(run.peak, value)
    } else {
      close()
      run = { first: time, last: time, peak: value }
    }
  })
  close()
  return ranges
}
