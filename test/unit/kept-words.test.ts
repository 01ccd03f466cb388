import { describe, expect, it } from 'vitest'
import { isKeptWord } from '../../main/pipelines/text/kept-words'

const BOX = { x: 0, y: 0, width: 10, height: 10 }
const kept = (text: string, confidence: number, min_confidence = 60) =>
  isKeptWord({ text, confidence, box: BOX }, { min_confidence })

describe('isKeptWord', () => {
  it('keeps a word of four or more letters or digits at the least confidence, punctuation around it aside', () => {
    expect([kept('lantern', 60), kept('(ACME),', 61), kept('2049', 70), kept("O'Brien", 65)]).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect([kept('lantern', 59.9), kept('lantern', 80, 90)]).toEqual([false, false])
    // Symbols around a word are not part of it either: a stray stroke beside a word is read as one.
    expect([kept('Tide~', 70), kept('|Voyage', 70), kept('~~~', 99)]).toEqual([true, true, false])
  })

  it('holds a word of three characters to 75 and one of two to 80, whatever the least confidence', () => {
    expect([kept('the', 75), kept('lit', 74.9), kept('Va', 61), kept('re', 79.9), kept('at', 80)]).toEqual([
      true,
      false,
      false,
      false,
      true,
    ])
    expect(kept('was', 92, 95)).toBe(false)
  })

  it('drops single characters, words of punctuation, and words more than a third punctuation inside', () => {
    expect([
      kept('a', 99),
      kept('=_', 99),
      kept('—', 99),
      kept('-_—', 99),
      kept('a.b.c', 99),
      kept('ab-cd', 99),
    ]).toEqual([false, false, false, false, false, true])
  })
})
