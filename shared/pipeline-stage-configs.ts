import { z } from 'zod'
import { eachOnce } from './contract/each-once'

// The configs of the pipeline's text and match stages (main/pipelines/text/). Unknown fields are
// refused: a mistyped field would otherwise run with the default and be cached under it.

/** text: which Tesseract language data and page segmentation mode read the frames, and the least confidence a word keeps. */
export const TextStageConfig = z.strictObject({
  /**
   * The languages Tesseract reads each line in for the accents the scene-text model cannot read: Tesseract codes
   * joined by "+" ("Latin", the Latin script's letters, Debian's tesseract-ocr-script-latn; "deu", tesseract-ocr-deu).
   */
  lang: z
    .string()
    .max(100)
    .regex(/^[A-Za-z_]+(\+[A-Za-z_]+)*$/, 'Languages are Tesseract codes joined by "+", such as Latin or eng+deu.')
    .default('Latin'),
  /** Tesseract's page segmentation mode for each line (7 one line, 8 one word, 13 raw line). */
  psm: z.number().int().min(3).max(13).default(7),
  /** Least confidence (0–100) a word needs; words below it are dropped. */
  min_confidence: z.number().min(0).max(100).default(60),
})
export type TextStageConfig = z.infer<typeof TextStageConfig>

/** A term to look for: one or more words, at least one letter or digit among them. */
const Term = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/[\p{L}\p{N}]/u, 'A term needs a letter or a digit.')

/** match: the terms to find in the text stage's words, and how a word must compare to count as seen. */
export const MatchStageConfig = z.strictObject({
  /** The terms (1–500, each at most 200 characters); a term of several words matches them in a row. */
  terms: z
    .array(Term)
    .min(1)
    .max(500)
    .superRefine(eachOnce((term) => term, 'This term is listed twice.')),
  /** exact: same characters; casefold: case, Latin marks and Unicode compatibility forms aside; fuzzy: casefold within max_distance edits. */
  mode: z.enum(['exact', 'casefold', 'fuzzy']).default('casefold'),
  /** Most edits (Levenshtein distance) per word for fuzzy to still count it as the term's word; other modes ignore it. */
  max_distance: z.number().int().min(0).max(5).default(1),
})
export type MatchStageConfig = z.infer<typeof MatchStageConfig>
