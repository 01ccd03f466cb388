import { describe, expect, it } from 'vitest'
import { compareAnalyses, cutsOf, CUT_TOLERANCE_SECONDS, type ComparableAnalysis } from '../../shared/analysis-diff'

/** A scenes analysis as ours record it: shots between the cuts, and the cuts with their scores. */
const scenes = (cuts: number[], end = 10): ComparableAnalysis => {
  const edges = [0, ...cuts, end]
  return {
    analyzer: 'scenes',
    metadata: { cuts: cuts.map((time) => ({ time, score: 0.5 })) },
    ranges: edges.slice(1).map((to, i) => ({ start: edges[i], end: to, label: 'shot' })),
  }
}
const silence = (ranges: Array<[number, number, string]>): ComparableAnalysis => ({
  analyzer: 'silence',
  metadata: {},
  ranges: ranges.map(([start, end, label]) => ({ start, end, label })),
})
const times = (events: Array<{ start: number }>) => events.map((event) => event.start)

describe('comparing two configs of one analyzer by what they found', () => {
  it('finds the cuts of one scenes run with no cut of the other within the tolerance', () => {
    const compared = compareAnalyses(scenes([1.2, 3.2]), scenes([1.2, 2.2, 3.24]))
    expect(compared.kind).toBe('cuts')
    expect(times(compared.a)).toEqual([1.2, 3.2])
    expect(times(compared.onlyA)).toEqual([])
    expect(times(compared.onlyB)).toEqual([2.2])
    expect(compared.onlyB[0]).toEqual({ start: 2.2, end: 2.2, label: 'cut', score: 0.5 })
  })

  it('counts a cut exactly the tolerance away as the same cut, and one just past it as apart', () => {
    expect(CUT_TOLERANCE_SECONDS).toBe(0.1)
    // 1.1 − 1.0 is 0.10000000000000009 in floating point: still on the boundary.
    const at = compareAnalyses(scenes([1.0]), scenes([1.1]))
    expect([at.onlyA, at.onlyB]).toEqual([[], []])
    const past = compareAnalyses(scenes([1.0]), scenes([1.1001]))
    expect([times(past.onlyA), times(past.onlyB)]).toEqual([[1.0], [1.1001]])
    const wider = compareAnalyses(scenes([1.0]), scenes([1.1001]), 0.2)
    expect([wider.onlyA, wider.onlyB]).toEqual([[], []])
  })

  it('finds nothing apart between identical runs, and everything when one found nothing', () => {
    const same = compareAnalyses(scenes([1.2, 2.2]), scenes([1.2, 2.2]))
    expect([same.onlyA, same.onlyB]).toEqual([[], []])
    const none = compareAnalyses(scenes([]), scenes([1.2, 2.2]))
    expect([none.a, none.onlyA, times(none.onlyB)]).toEqual([[], [], [1.2, 2.2]])
    const empty = compareAnalyses(silence([]), silence([]))
    expect([empty.kind, empty.onlyA, empty.onlyB]).toEqual(['ranges', [], []])
  })

  it('reads the cuts of a plugin’s scenes row from where its shots start when no cuts are recorded', () => {
    const row: ComparableAnalysis = {
      analyzer: 'scenes',
      metadata: null,
      ranges: [
        { start: 2.2, end: 4, label: 'shot', confidence: 0.7 },
        { start: 0, end: 2.2, label: 'shot' },
      ],
    }
    expect(cutsOf(row)).toEqual([{ start: 2.2, end: 2.2, label: 'cut', score: 0.7 }])
  })

  it('finds the ranges of one run that overlap no range of the other with the same label', () => {
    const a = silence([
      [0, 1.5, 'sound'],
      [1.5, 2.5, 'silence'],
      [2.5, 5, 'sound'],
      [6, 7, 'silence'],
    ])
    const b = silence([
      [0, 1.6, 'sound'],
      [1.6, 2.4, 'silence'],
      [2.4, 8, 'sound'],
    ])
    const compared = compareAnalyses(a, b)
    expect(compared.kind).toBe('ranges')
    expect(compared.onlyA).toEqual([{ start: 6, end: 7, label: 'silence' }])
    expect(compared.onlyB).toEqual([])
  })

  it('does not count ranges that only touch as overlapping, but does a point inside a range', () => {
    const touching = compareAnalyses(silence([[0, 1, 'silence']]), silence([[1, 2, 'silence']]))
    expect([times(touching.onlyA), times(touching.onlyB)]).toEqual([[0], [1]])
    const point = compareAnalyses(silence([[1, 1, 'silence']]), silence([[0, 2, 'silence']]))
    expect([point.onlyA, point.onlyB]).toEqual([[], []])
    const twoPoints = compareAnalyses(silence([[1, 1, 'silence']]), silence([[1, 1, 'silence']]))
    expect([twoPoints.onlyA, twoPoints.onlyB]).toEqual([[], []])
  })
})
