import type { TextStageConfig } from '../../../shared/pipeline-stage-configs'
import { wordKey } from './match-terms'
import type { FrameWord } from './tesseract-tsv'

// Which words the scene-text model reads are kept (measured with `npm run bench -- screen-text`; a confidence is the
// mean of its characters' probabilities, 0–100): what it reads in picture texture and at a line's ends is short and
// unsure (single characters at 22–51 on the bench's footage: "8", "e", "2", "四"), its shown words sure (87–100,
// "in" at 91.6 and "lit" at 87.3 the least).
// - A word's core is the word as match compares it exactly (match-terms.ts' wordKey): punctuation and symbols
//   around it taken away ("(ACME)," and "Tide~" are ACME and Tide).
// - The core needs MIN_CORE letters or digits, and at least two thirds of it letters or digits.
// - Its confidence must reach the config's min_confidence; a core of three characters must reach 75 too, and one
//   of two 80, as a short word is where texture most often looks like a reading.
const MIN_CORE = 2
const SHORT_CONFIDENCE = new Map([
  [2, 80],
  [3, 75],
])
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu

/** Whether a word the model read stays in the text stage's output (the rule above). */
export function isKeptWord(word: FrameWord, config: Pick<TextStageConfig, 'min_confidence'>): boolean {
  const core = wordKey(word.text, 'exact')
  const letters = core.match(LETTER_OR_DIGIT)?.length ?? 0
  const length = [...core].length
  if (letters < MIN_CORE || letters * 3 < length * 2) return false
  return word.confidence >= Math.max(config.min_confidence, SHORT_CONFIDENCE.get(length) ?? 0)
}
