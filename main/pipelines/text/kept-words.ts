import type { TextStageConfig } from '../../../shared/pipeline-stage-configs'
import { wordKey } from './match-terms'
import type { FrameWord } from './tesseract-tsv'

// Which words Tesseract reads are kept (measured with `npm run bench -- screen-text`): what it reads in picture
// texture and in the specks round a line is short, half-punctuation and unsure ("=_", "At", "-_—", "Va" at 16–61).
// - A word's core is the word as match compares it exactly (match-terms.ts' wordKey): punctuation and symbols
//   around it taken away ("(ACME)," and "Tide~" are ACME and Tide).
// - The core needs MIN_CORE letters or digits, and at least two thirds of it letters or digits.
// - Its confidence must reach the config's min_confidence; a core of three characters must reach 85 too, and one
//   of two 93, as a short word is where texture most often looks like a reading ("ta" 86, "AN" 89, "re" 92 on
//   footage; "the", "was", "lit" read at 94–96).
const MIN_CORE = 2
const SHORT_CONFIDENCE = new Map([
  [2, 93],
  [3, 85],
])
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu

/** Whether a word Tesseract read stays in the text stage's output (the rule above). */
export function isKeptWord(word: FrameWord, config: Pick<TextStageConfig, 'min_confidence'>): boolean {
  const core = wordKey(word.text, 'exact')
  const letters = core.match(LETTER_OR_DIGIT)?.length ?? 0
  const length = [...core].length
  if (letters < MIN_CORE || letters * 3 < length * 2) return false
  return word.confidence >= Math.max(config.min_confidence, SHORT_CONFIDENCE.get(length) ?? 0)
}
