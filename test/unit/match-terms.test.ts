import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MatchStageConfig } from '../../shared/pipeline-stage-configs'
import {
  levenshtein,
  matchTerms,
  wordKey,
  type Detection,
  type FrameWords,
} from '../../main/pipelines/text/match-terms'

const BOX = { x: 0, y: 0, width: 10, height: 10 }

/** A frame at `sequence` × 0.5 s with words given as "text:confidence" (confidence 90 when left out). */
function frame(sequence: number, ...words: string[]): FrameWords {
  return {
    sequence,
    timestamp: sequence * 0.5,
    words: words.map((word) => {
      const [text = '', confidence = '90'] = word.split(/:(?=\d+$)/)
      return { text, confidence: Number(confidence), box: BOX }
    }),
  }
}

const match = (frames: FrameWords[], config: Record<string, unknown>) =>
  matchTerms(frames, MatchStageConfig.parse(config), 0.5)
const seen = (frames: FrameWords[], terms: string[], mode: string, maxDistance = 1) =>
  match(frames, { terms, mode, max_distance: maxDistance }).map((detection) => detection.term)

describe('matchTerms', () => {
  it('finds a term on the frames showing it: first time, end of the last frame, frames, best confidence', () => {
    const frames = [frame(5), frame(6, 'ACME:70'), frame(7, 'the', 'ACME:95'), frame(8, 'ACME:80'), frame(9)]
    expect(match(frames, { terms: ['ACME'] })).toEqual([
      { term: 'ACME', first_seen: 3, last_seen: 4.5, frames: [6, 7, 8], best_confidence: 95 },
    ])
  })

  it('compares as-is in exact mode, case, marks and compatibility forms aside in casefold, within edits in fuzzy', () => {
    const frames = [frame(1, 'Acme'), frame(2, 'ＡＣＭＥ'), frame(3, 'STRASSE'), frame(4, 'ACNE'), frame(5, 'AXNE')]
    const accented = [frame(6, 'Zürich'), frame(7, 'ZURICH'), frame(8, 'नमस्ते')]
    expect(match([...frames, ...accented], { terms: ['ACME', 'straße', 'zurich'], mode: 'exact' })).toEqual([])
    const casefold = match([...frames, ...accented], { terms: ['ACME', 'straße', 'zurich', 'Zürich', 'नमसत'] })
    expect(casefold.map(({ term, frames }) => ({ term, frames }))).toEqual([
      { term: 'ACME', frames: [1, 2] },
      { term: 'straße', frames: [3] },
      { term: 'Zürich', frames: [6, 7] },
      { term: 'zurich', frames: [6, 7] },
    ])
    expect(match(frames, { terms: ['ACME'], mode: 'fuzzy' })[0]!.frames).toEqual([1, 2, 4])
    expect(match(frames, { terms: ['ACME'], mode: 'fuzzy', max_distance: 2 })[0]!.frames).toEqual([1, 2, 4, 5])
  })

  it('fuzzy counts edits up to max_distance and no further', () => {
    const frames = [frame(1, 'kitten')]
    // kitten → sitting: two substitutions and an insertion.
    expect(seen(frames, ['sitting'], 'fuzzy', 2)).toEqual([])
    expect(seen(frames, ['sitting'], 'fuzzy', 3)).toEqual(['sitting'])
    expect(seen(frames, ['kitte'], 'fuzzy', 0)).toEqual([])
    expect(seen(frames, ['kitten'], 'fuzzy', 0)).toEqual(['kitten'])
  })

  it('matches a term of several words on consecutive words only, its confidence the least of them', () => {
    const frames = [
      frame(1, 'ACME:99', 'Corp:70'),
      frame(2, 'ACME:90', 'and', 'Corp:90'),
      frame(3, 'Corp', 'ACME'),
      frame(4, 'big:50', 'ACME:85', 'Corp:88'),
    ]
    expect(match(frames, { terms: ['ACME  Corp'] })).toEqual([
      { term: 'ACME  Corp', first_seen: 0.5, last_seen: 1, frames: [1], best_confidence: 70 },
      { term: 'ACME  Corp', first_seen: 2, last_seen: 2.5, frames: [4], best_confidence: 85 },
    ])
  })

  it('leaves out the punctuation around words and the words of punctuation only, not what is inside a word', () => {
    const frames = [frame(1, '"ACME,"', '—', '(Corp).'), frame(2, 'AC-ME'), frame(3, "O'Brien!")]
    expect(seen(frames, ['acme corp', 'ACME', "O'Brien"], 'exact')).toEqual(['ACME', "O'Brien"])
    expect(seen(frames, ['acme corp', 'ACME', "O'Brien"], 'casefold')).toEqual(['ACME', 'acme corp', "O'Brien"])
    expect(wordKey('«Ünïcode»', 'casefold')).toBe('unicode')
    expect(wordKey('...', 'exact')).toBe('')
    expect([wordKey('ACME®', 'exact'), wordKey('Tide~', 'casefold'), wordKey('+=', 'exact')]).toEqual([
      'ACME',
      'tide',
      '',
    ])
  })

  it('orders detections by first_seen, then by term', () => {
    const frames = [frame(4, 'zeta', 'alpha'), frame(2, 'omega'), frame(6, 'beta', 'zeta')]
    expect(match(frames, { terms: ['zeta', 'beta', 'alpha', 'omega'] }).map((d) => [d.term, d.first_seen])).toEqual([
      ['omega', 1],
      ['alpha', 2],
      ['zeta', 2],
      ['beta', 3],
    ])
  })

  it('gives no detection for a term nowhere on screen, and none for no frames', () => {
    expect(match([frame(1, 'hello', 'world')], { terms: ['ACME', 'hello world!'] })).toEqual([
      { term: 'hello world!', first_seen: 0.5, last_seen: 1, frames: [1], best_confidence: 90 },
    ])
    expect(match([], { terms: ['ACME'] })).toEqual([])
  })

  it('runs last_seen to the end of the last frame a kept frame stands for', () => {
    const frames = [{ ...frame(6, 'ACME'), until: 5 }, frame(11)]
    expect(match(frames, { terms: ['ACME'] })[0]).toMatchObject({ first_seen: 3, last_seen: 5.5, frames: [6] })
  })

  it('joins sightings one missed frame apart into one span, and cuts the span where two frames in a row missed', () => {
    const frames = [
      frame(6, 'ACME'),
      frame(7),
      frame(8, 'ACME'),
      frame(9, 'ACME'),
      frame(10),
      frame(11),
      frame(12, 'ACME'),
    ].reverse()
    expect(
      match(frames, { terms: ['ACME'] }).map(({ first_seen, last_seen, frames }) => [first_seen, last_seen, frames]),
    ).toEqual([
      [3, 5, [6, 8, 9]],
      [6, 6.5, [12]],
    ])
  })

  it('counts a frame dedupe dropped as seen: a kept frame standing until the next sighting joins it', () => {
    const frames = [{ ...frame(2, 'ACME'), until: 3 }, frame(8, 'ACME')]
    expect(match(frames, { terms: ['ACME'] })).toMatchObject([{ first_seen: 1, last_seen: 4.5, frames: [2, 8] }])
  })

  it('casefold finds every detection exact finds, on the same frames or more', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'ACME',
        'ACME,',
        '(acme)',
        'Ａcme',
        'straße',
        '«STRASSE»',
        'Σίσυφος',
        'ΣΊΣΥΦΟΣ',
        'ﬁle',
        'file',
        '—',
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
    )
    const words = fc.array(fc.tuple(word, fc.integer({ min: 0, max: 100 })), { maxLength: 6 })
    const frames = fc.array(words, { maxLength: 5 }).map((all) =>
      all.map((list, sequence) => ({
        sequence,
        timestamp: sequence,
        words: list.map(([text, confidence]) => ({ text, confidence, box: BOX })),
      })),
    )
    const terms = fc.uniqueArray(
      fc.array(word, { minLength: 1, maxLength: 2 }).map((parts) => parts.join(' ')),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    fc.assert(
      fc.property(frames, terms, (frames, terms) => {
        const valid = terms.filter((term) => MatchStageConfig.shape.terms.element.safeParse(term).success)
        fc.pre(valid.length > 0 && new Set(valid.map((term) => term.trim())).size === valid.length)
        const exact = matchTerms(frames, MatchStageConfig.parse({ terms: valid, mode: 'exact' }), 1)
        const casefold = matchTerms(frames, MatchStageConfig.parse({ terms: valid, mode: 'casefold' }), 1)
        const framesOf = (detections: Detection[], term: string) =>
          detections.filter((detection) => detection.term === term).flatMap((detection) => detection.frames)
        for (const found of exact) {
          expect(framesOf(casefold, found.term)).toEqual(expect.arrayContaining(found.frames))
        }
      }),
    )
  })
})

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions, in code points', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('', 'abc')).toBe(3)
    expect(levenshtein('abc', '')).toBe(3)
    expect(levenshtein('flaw', 'lawn')).toBe(2)
    expect(levenshtein('same', 'same')).toBe(0)
    expect(levenshtein('a😀b', 'ab')).toBe(1)
    expect(levenshtein('😀', '😃')).toBe(1)
  })

  it('is symmetric and never more than the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const distance = levenshtein(a, b)
        expect(levenshtein(b, a)).toBe(distance)
        expect(distance).toBeLessThanOrEqual(Math.max(Array.from(a).length, Array.from(b).length))
        expect(distance === 0).toBe(a === b)
      }),
    )
  })
})
