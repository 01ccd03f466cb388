import { execFileSync } from 'node:child_process'
import { createWriteStream, existsSync, readdirSync, readFileSync, type WriteStream } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { runFfmpeg } from '../../main/media/ffmpeg-run'
import { resolveMediaTools } from '../../main/media/media-tools'
import { ToolError } from '../../main/media/tool-io'
import {
  analyzerConfig,
  analyzers,
  getAnalyzer,
  type AnalysisRange,
  type AnalyzerContext,
} from '../../main/services/analyses/analyzers'
import { AppError } from '../../shared/errors'
import { tempDir } from '../helpers/temp-dir'
import { rejection } from '../helpers/rejection'

const fixtures = inject('fixtures')
const { ffmpeg } = resolveMediaTools()
const FRAME = 1 / 25

const context = (extra: Partial<AnalyzerContext> = {}): AnalyzerContext => ({
  ffmpegPath: ffmpeg,
  durationSeconds: null,
  ...extra,
})

/** Runs an analyzer with its default config merged with `config`. */
function analyze(name: string, file: string, config: object = {}, extra: Partial<AnalyzerContext> = {}) {
  return getAnalyzer(name).run(file, analyzerConfig(name, config), context(extra))
}

const spans = (ranges: AnalysisRange[], label: string) => ranges.filter((range) => range.label === label)

function expectSpan(range: AnalysisRange | undefined, start: number, end: number, tolerance: number) {
  expect(range).toBeDefined()
  expect(Math.abs(range!.start - start), `start ${range!.start} vs ${start}`).toBeLessThanOrEqual(tolerance + 1e-9)
  expect(Math.abs(range!.end - end), `end ${range!.end} vs ${end}`).toBeLessThanOrEqual(tolerance + 1e-9)
}

/**
 * Integrated loudness (ITU-R BS.1770-4) of the gapAndBurst signal, computed from what was planted: 100 ms pieces of a
 * 1 kHz sine at a known amplitude (K-weighting is calibrated so such a sine at amplitude a reads 20·log10(a) − 3.01
 * LUFS), 400 ms blocks every 100 ms, the −70 LUFS absolute gate and the −10 LU relative gate.
 */
function plantedIntegratedLufs(): number {
  const power = (lufs: number) => 10 ** ((lufs + 0.691) / 10)
  const lufs = (meanSquare: number) => -0.691 + 10 * Math.log10(meanSquare)
  const sine = (amplitude: number) => power(20 * Math.log10(amplitude) - 3.0103)
  const pieces = Array.from({ length: 50 }, (_, i) => {
    const t = (i + 0.5) / 10
    return t > 1.5 && t < 2.5 ? 0 : t > 3.5 && t < 4 ? sine(0.5) : sine(0.1)
  })
  const blocks = pieces.slice(0, -3).map((_, j) => (pieces[j] + pieces[j + 1] + pieces[j + 2] + pieces[j + 3]) / 4)
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
  const audible = blocks.filter((block) => block > 0 && lufs(block) > -70)
  const relativeGate = lufs(mean(audible)) - 10
  return lufs(mean(audible.filter((block) => lufs(block) > relativeGate)))
}

/** Pids of live processes whose command line has `arg` as one argument. */
function pidsWithArg(arg: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(arg)
      } catch {
        return false // exited while we looked
      }
    })
    .map(Number)
}

const writers: WriteStream[] = []
afterEach(() => {
  for (const writer of writers.splice(0)) writer.destroy()
})

/** A named pipe standing in for a media file, so a test decides when ffmpeg gets the rest of its input. */
function fifoInput(): { fifo: string; writer: WriteStream; write(data: Buffer): Promise<void> } {
  const fifo = path.join(tempDir(), 'input.mp4')
  execFileSync('mkfifo', [fifo])
  const writer = createWriteStream(fifo)
  writers.push(writer)
  // ffmpeg killed mid-read leaves the pipe without a reader; the EPIPE is expected then.
  writer.on('error', () => {})
  const write = (data: Buffer) =>
    new Promise<void>((resolve, reject) => writer.write(data, (error) => (error ? reject(error) : resolve())))
  return { fifo, writer, write }
}

describe('analyzer configs', () => {
  it('parse {} to their documented defaults and refuse unknown or out-of-range fields', () => {
    expect(analyzers.scenes.config.parse({})).toEqual({ threshold: 0.3, minShotDuration: 0.4 })
    expect(analyzers.silence.config.parse({})).toEqual({ noiseDb: -60, minDuration: 0.5 })
    expect(analyzers.black.config.parse({})).toEqual({ minDuration: 1, pictureThreshold: 0.98, pixelThreshold: 0.1 })
    expect(analyzers.freeze.config.parse({})).toEqual({ noiseDb: -60, minDuration: 2 })
    expect(analyzers.loudness.config.parse({})).toEqual({ marginLu: 6, minDuration: 0.3 })
    const unknown = (() => {
      try {
        analyzerConfig('scenes', { treshold: 0.5 })
      } catch (error) {
        return error
      }
    })()
    expect(unknown).toBeInstanceOf(AppError)
    expect(unknown).toMatchObject({ code: 'validation' })
    expect(() => analyzerConfig('silence', { minDuration: -1 })).toThrow(/minDuration/)
    expect(() => getAnalyzer('ocr')).toThrow(/Unknown analyzer "ocr"/)
  })
})

describe('scenes', () => {
  it('finds the two planted cuts (±1 frame), the isoluminant red→green one included, and the three shots', async () => {
    const { ranges, metadata } = await analyze('scenes', fixtures.sceneCuts)
    const cuts = (metadata.cuts as Array<{ time: number; score: number }>).map((cut) => cut.time)
    expect(cuts).toHaveLength(2)
    expect(Math.abs(cuts[0] - 1.2)).toBeLessThanOrEqual(FRAME)
    expect(Math.abs(cuts[1] - 2.2)).toBeLessThanOrEqual(FRAME)
    expect(ranges.map((range) => range.label)).toEqual(['shot', 'shot', 'shot'])
    expectSpan(ranges[0], 0, 1.2, FRAME)
    expectSpan(ranges[1], 1.2, 2.2, FRAME)
    expectSpan(ranges[2], 2.2, 3.2, FRAME)
    // The first shot follows no cut; the others carry their cut's score.
    expect(ranges[0].confidence).toBeUndefined()
    expect(ranges[1].confidence).toBeGreaterThanOrEqual(0.3)
    expect(ranges[2].confidence).toBeGreaterThanOrEqual(0.3)
  })

  it('drops a cut sooner than minShotDuration after the previous one', async () => {
    const { metadata } = await analyze('scenes', fixtures.sceneCuts, { minShotDuration: 1.1 })
    const cuts = (metadata.cuts as Array<{ time: number }>).map((cut) => cut.time)
    expect(cuts).toHaveLength(1)
    expect(Math.abs(cuts[0] - 1.2)).toBeLessThanOrEqual(FRAME)
  })
})

describe('silence', () => {
  it('finds the planted silent gap (±50 ms) and labels the rest sound', async () => {
    const { ranges, metadata } = await analyze('silence', fixtures.gapAndBurst)
    expect(ranges.map((range) => range.label)).toEqual(['sound', 'silence', 'sound'])
    expectSpan(ranges[0], 0, 1.5, 0.05)
    expectSpan(ranges[1], 1.5, 2.5, 0.05)
    expectSpan(ranges[2], 2.5, 5, 0.05)
    expect(metadata).toMatchObject({ silences: 1 })
    expect(Math.abs((metadata.silentSeconds as number) - 1)).toBeLessThanOrEqual(0.05)
  })
})

describe('black and freeze', () => {
  it('finds the planted black stretch (±1 frame)', async () => {
    const { ranges } = await analyze('black', fixtures.blackFreeze)
    expect(ranges.map((range) => range.label)).toEqual(['black'])
    expectSpan(ranges[0], 1, 2.2, FRAME)
  })

  it('finds the planted frozen stretch (±1 frame); the shorter black one only with a lower minimum', async () => {
    const { ranges } = await analyze('freeze', fixtures.blackFreeze)
    expect(ranges.map((range) => range.label)).toEqual(['freeze'])
    expectSpan(ranges[0], 3.2, 5.7, FRAME)
    // A black picture is also a still one: 1.2 s, below the default 2 s minimum.
    const shorter = await analyze('freeze', fixtures.blackFreeze, { minDuration: 1 })
    expect(shorter.ranges).toHaveLength(2)
    expectSpan(shorter.ranges[0], 1, 2.2, FRAME)
    expectSpan(shorter.ranges[1], 3.2, 5.7, FRAME)
  })
})

describe('loudness', () => {
  it('measures integrated loudness, range and true peak, and finds the loud burst', async () => {
    const { ranges, metadata } = await analyze('loudness', fixtures.gapAndBurst)
    // ±0.2 LU: ffmpeg prints one decimal (±0.05) and its gating histogram has 0.01 LU bins; the reference assumes
    // ideal 100 ms steps, while the K-weighting filter rings for a few ms at each of the four level changes.
    const expected = plantedIntegratedLufs()
    expect(Math.abs((metadata.integratedLufs as number) - expected)).toBeLessThanOrEqual(0.2)
    // Short-term (3 s) loudness spans from the tone alone (−23 LUFS) to tone plus burst, so the range lies between.
    expect(metadata.loudnessRangeLu).toBeGreaterThan(1)
    expect(metadata.loudnessRangeLu).toBeLessThan(14)
    // The burst's peak is 0.5 (−6.02 dBFS); true peak adds at most a few tenths for a 1 kHz sine at 48 kHz.
    expect(Math.abs((metadata.truePeakDbfs as number) - 20 * Math.log10(0.5))).toBeLessThanOrEqual(0.2)
    expect(metadata.loudThresholdLufs).toBeCloseTo((metadata.integratedLufs as number) + 6, 6)
    // One loud moment over the burst (3.5–4.0 s): ±0.1 s, as momentary loudness is sampled every 100 ms.
    const loud = spans(ranges, 'loud')
    expect(loud).toHaveLength(1)
    expectSpan(loud[0], 3.5, 4, 0.1)
    expect((loud[0].payload?.maxMomentaryLufs as number) - (20 * Math.log10(0.5) - 3.01)).toBeCloseTo(0, 0)
  })

  it('finds no loud moment when the margin is above the burst', async () => {
    const { ranges } = await analyze('loudness', fixtures.gapAndBurst, { marginLu: 10 })
    expect(ranges).toEqual([])
  })
})

describe('missing streams', () => {
  it.each([
    ['silence', 'sceneCuts', 'audio'],
    ['loudness', 'sceneCuts', 'audio'],
    ['scenes', 'gapAndBurst', 'video'],
    ['black', 'gapAndBurst', 'video'],
    ['freeze', 'gapAndBurst', 'video'],
  ] as const)('%s on %s fails with a validation error naming the missing %s stream', async (name, fixture, kind) => {
    const error = await rejection(analyze(name, fixtures[fixture]))
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'validation' })
    expect(error.message).toBe(
      `${path.basename(fixtures[fixture])} has no ${kind} stream; the ${name} analyzer needs one`,
    )
  })
})

describe('progress, cancel and failures', () => {
  it('reports progress as a rising fraction of the known duration that ends at 1', async () => {
    // Half the file, then a pause longer than ffmpeg's 0.5 s report interval, then the rest: a report lands in between.
    const source = readFileSync(fixtures.longClip)
    const input = fifoInput()
    const fractions: number[] = []
    const run = analyze('freeze', input.fifo, {}, { durationSeconds: 60, onProgress: (f) => fractions.push(f) })
    await input.write(source.subarray(0, source.length / 2))
    await sleep(700)
    await input.write(source.subarray(source.length / 2))
    input.writer.end()
    await run
    expect(fractions.length).toBeGreaterThanOrEqual(2)
    expect(fractions.some((fraction) => fraction > 0.2 && fraction < 0.8)).toBe(true)
    expect(fractions.at(-1)).toBe(1)
    fractions.forEach((fraction, i) => expect(fraction).toBeGreaterThan(i === 0 ? 0 : fractions[i - 1]))
  })

  it('turns the seconds ffmpeg reports into a fraction of the given duration', async () => {
    // Told the 3.2 s clip lasts 12.8 s, the last report (3.2 s) reads 0.25 before the run's closing 1.
    const fractions: number[] = []
    await analyze('scenes', fixtures.sceneCuts, {}, { durationSeconds: 12.8, onProgress: (f) => fractions.push(f) })
    expect(fractions.at(-2)).toBeCloseTo(0.25, 2)
    expect(fractions.at(-1)).toBe(1)
  })

  it('abort kills ffmpeg and rejects with an AbortError once the process is gone', async () => {
    const source = readFileSync(fixtures.longClip)
    const input = fifoInput()
    const controller = new AbortController()
    const run = analyze('scenes', input.fifo, {}, { signal: controller.signal, durationSeconds: 60 })
    // Once ffmpeg has read part of the input it is mid-run, waiting for the rest.
    await input.write(source.subarray(0, source.length / 4))
    const [pid] = pidsWithArg(input.fifo)
    expect(pid).toBeGreaterThan(0)
    controller.abort()
    const error = await rejection(run)
    expect(error.name).toBe('AbortError')
    expect(existsSync(`/proc/${pid}`)).toBe(false)
    expect(pidsWithArg(input.fifo)).toEqual([])
  })

  it('a signal already aborted starts no ffmpeg', async () => {
    const marker = path.join(tempDir(), 'never-started.mp4')
    const error = await rejection(
      runFfmpeg(ffmpeg, ['-i', marker, '-f', 'null', '-'], { signal: AbortSignal.abort(), onLine: () => {} }),
    )
    expect(error.name).toBe('AbortError')
    expect(pidsWithArg(marker)).toEqual([])
  })

  it('a failing ffmpeg rejects with a ToolError carrying the exit code and its reason', async () => {
    const error = await rejection(analyze('black', fixtures.textAsMp4))
    expect(error).toBeInstanceOf(ToolError)
    expect(error).toMatchObject({ tool: path.basename(ffmpeg), exitCode: 1 })
    expect(error.message).toContain('Invalid data found when processing input')
  })

  it('keeps only the stderr lines asked for, and stops a run that logs more than the bound', async () => {
    const { lines } = await runFfmpeg(ffmpeg, ['-i', fixtures.sceneCuts, '-vf', 'showinfo', '-f', 'null', '-'], {
      keepLine: (line) => line.includes('n:  10 '),
    })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/pts_time:0\.4\b/)
    const error = await rejection(
      runFfmpeg(ffmpeg, ['-i', fixtures.sceneCuts, '-vf', 'showinfo', '-f', 'null', '-'], { maxKeptChars: 2000 }),
    )
    expect(error).toBeInstanceOf(ToolError)
    expect(error.message).toContain('printed more than 2000 characters of log')
  })
})
