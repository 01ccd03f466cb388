import { describe, expect, it } from 'vitest'
import { detectionRows } from '../../renderer/src/features/pipelines/detection-diff'
import { stageFields, stageDefaults, splitTerms } from '../../renderer/src/features/pipelines/stage-fields'
import {
  clock,
  detectionsOf,
  frameAt,
  keptOf,
  textCounts,
  type Detection,
} from '../../renderer/src/features/pipelines/stage-outputs'

const seen = (term: string, first: number, last: number): Detection => ({
  term,
  first_seen: first,
  last_seen: last,
  frames: [],
  best_confidence: 90,
})

describe('found here, not there', () => {
  it('puts detections of one term over one stretch in one row, and marks the checkpoints that alone found it', () => {
    const rows = detectionRows([[seen('ACME', 3, 5), seen('Globex', 6, 6.5)], [seen('ACME', 3.5, 5)]])
    expect(rows.map((row) => [row.term, row.start])).toEqual([
      ['ACME', 3],
      ['Globex', 6],
    ])
    expect(rows[0].cells.map((cell) => cell?.first_seen)).toEqual([3, 3.5])
    expect(rows[0].onlyHere).toEqual([false, false])
    expect(rows[1].cells[1]).toBeNull()
    expect(rows[1].onlyHere).toEqual([true, false])
  })

  it('keeps apart the same term seen at two times, and counts a checkpoint without match as finding nothing', () => {
    const rows = detectionRows([[seen('ACME', 1, 2), seen('ACME', 10, 11)], [seen('ACME', 10.2, 11)], null])
    expect(rows).toHaveLength(2)
    expect(rows[0].onlyHere).toEqual([true, false, false])
    expect(rows[1].cells.map((cell) => cell !== null)).toEqual([true, true, false])
    expect(rows[1].onlyHere).toEqual([true, true, false])
    expect(detectionRows([[], null, undefined])).toEqual([])
  })
})

describe('stage outputs as the views read them', () => {
  const outputs = {
    dedupe_frames: { kept: [0, 3, 'x', 7] },
    text: { frames: [{ words: [{}, {}] }, { words: [{}] }] },
    match: { detections: [seen('Zeta', 5, 4), { term: 7 }, seen('ACME', 3, 5)] },
  }

  it('reads kept frames, word counts and detections, leaving out what is not in their shape', () => {
    expect(keptOf(outputs)).toEqual([0, 3, 7])
    expect(keptOf({})).toBeNull()
    expect(textCounts(outputs)).toEqual({ frames: 2, words: 3 })
    expect(detectionsOf(outputs)?.map((d) => [d.term, d.first_seen, d.last_seen])).toEqual([
      ['ACME', 3, 5],
      ['Zeta', 5, 5],
    ])
    expect(detectionsOf(undefined)).toBeNull()
  })

  it('finds the frame standing for a time: the last kept one at or before it', () => {
    expect(frameAt(3.4, 2, 16, null)).toBe(6)
    expect(frameAt(99, 2, 16, null)).toBe(15)
    expect(frameAt(3.4, 2, 16, [0, 3, 7])).toBe(3)
    expect(frameAt(3.5, 2, 16, [0, 3, 7])).toBe(7)
    expect(frameAt(0, 2, 16, [2, 5])).toBe(2)
    expect(clock(3.25)).toBe('0:03.3')
    expect(clock(3725)).toBe('1:02:05.0')
  })
})

describe('stage config fields read from the schemas', () => {
  it('knows numbers with bounds, choices, text and lists, and the defaults', () => {
    expect(stageFields('dedupe_frames')).toEqual([
      { kind: 'number', name: 'max_distance', min: 0, max: 128, integer: true },
    ])
    expect(stageFields('match').map((field) => field.kind)).toEqual(['list', 'choice', 'number'])
    expect(stageFields('text').map((field) => [field.name, field.kind])).toEqual([
      ['lang', 'text'],
      ['psm', 'number'],
      ['min_confidence', 'number'],
    ])
    expect(stageDefaults('match')).toEqual({ mode: 'casefold', max_distance: 1 })
    expect(stageDefaults('frames')).toMatchObject({ fps: 2 })
    expect(splitTerms('ACME, Globex\n\nACME ,')).toEqual(['ACME', 'Globex'])
  })
})
