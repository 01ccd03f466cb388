import { describe, expect, it } from 'vitest'
import type { CachedAnalysis } from '../../shared/contract'
import {
  findingsOf,
  configDiff,
  configFields,
  configProblem,
  formatSeconds,
  labelColour,
  rangesOf,
  shortHash,
} from '../../renderer/src/features/analyses/analysis-view'

const row = (ranges: unknown): CachedAnalysis => ({
  id: 1,
  filePath: '/x.mp4',
  fileHash: 'sha256:ab',
  configHash: 'sha256:cd',
  analyzer: 'scenes',
  config: {},
  ranges,
  metadata: null,
  createdAt: 0,
  valid: true,
})

describe('how the analyses inspector reads cached rows', () => {
  it('takes the run form fields, defaults and bounds from the contract schemas', () => {
    expect(configFields('scenes')).toEqual([
      { name: 'threshold', label: 'Scene score (0–1)', defaultValue: 0.3, min: 0.01, max: 1 },
      { name: 'minShotDuration', label: 'Shortest shot (s)', defaultValue: 0.4, min: 0, max: 60 },
    ])
    expect(configFields('black').map((field) => field.defaultValue)).toEqual([1, 0.98, 0.1])
  })

  it('words a config the contract refuses by the form field and its bounds', () => {
    expect(configProblem('scenes', { threshold: 0.5 })).toBeNull()
    expect(configProblem('scenes', { threshold: 5, minShotDuration: -1 })).toBe(
      'Scene score (0–1) must be a number from 0.01 to 1. Shortest shot (s) must be a number from 0 to 60.',
    )
  })

  it("keeps a plugin row's well-formed ranges, ordered by start, and drops the rest", () => {
    const ranges = rangesOf(
      row([
        { start: 2, end: 3, label: 'b' },
        { start: 0, end: 1, label: 'a', confidence: 0.5 },
        { start: 5, end: 4, label: 'backwards' },
        { start: '1', end: 2, label: 'text' },
        null,
      ]),
    )
    expect(ranges).toEqual([
      { start: 0, end: 1, label: 'a', confidence: 0.5 },
      { start: 2, end: 3, label: 'b' },
    ])
    expect(rangesOf(row({ not: 'a list' }))).toEqual([])
  })

  it('lists only the fields two configs differ in, a missing one included', () => {
    expect(configDiff({ threshold: 0.3, min: 0.4, x: [1] }, { min: 0.4, threshold: 0.5, y: true, x: [1] })).toEqual([
      { name: 'threshold', a: 0.3, b: 0.5 },
      { name: 'y', a: undefined, b: true },
    ])
    expect(configDiff({ a: 1 }, { a: 1 })).toEqual([])
    expect(configDiff(null, { a: 1 })).toEqual([{ name: 'a', a: undefined, b: 1 }])
  })

  it('gives a label the same colour every time, and our labels distinct ones', () => {
    expect(labelColour('speech')).toBe(labelColour('speech'))
    const ours = ['shot', 'silence', 'sound', 'black', 'freeze', 'loud'].map(labelColour)
    expect(new Set(ours).size).toBe(ours.length)
  })

  it('writes times to the hundredth and hashes short', () => {
    expect(formatSeconds(1.2)).toBe('0:01.20')
    expect(formatSeconds(3725.5)).toBe('1:02:05.50')
    expect(formatSeconds(59.999)).toBe('1:00.00')
    expect(shortHash('sha256:0123456789abcdef')).toBe('sha256:0123456789ab…')
    expect(shortHash('abc')).toBe('abc')
  })

  it('reads what an analysis found from its metadata, with the unit its key names', () => {
    const loudness = {
      analyzer: 'loudness',
      config: { marginLu: 6 },
      integratedLufs: -23.04,
      loudnessRangeLu: 5,
      truePeakDbfs: -1.25,
      loudThresholdLufs: -17.04,
    }
    expect(findingsOf(loudness)).toEqual([
      { label: 'integrated', value: '-23.0 LUFS' },
      { label: 'loud threshold', value: '-17.0 LUFS' },
      { label: 'loudness range', value: '5 LU' },
      { label: 'true peak', value: '-1.3 dBFS' },
    ])
    expect(findingsOf({ cuts: [1.2, 2.2], silentSeconds: 1.004, note: 'ok', nested: { a: 1 } })).toEqual([
      { label: 'cuts', value: '2' },
      { label: 'note', value: 'ok' },
      { label: 'silent', value: '1.0 s' },
    ])
    expect(findingsOf(null)).toEqual([])
  })
})
