import path from 'node:path'
import { AppError } from '../../../shared/errors'
import type { TextStageConfig } from '../../../shared/pipeline-stage-configs'
import { runTool, ToolError, type RunTool, type ToolOutput } from '../../media/tool-io'
import { parseTesseractTsv, type FrameWord } from './tesseract-tsv'

export type { FrameWord } from './tesseract-tsv'

/** How readFrameText runs Tesseract. */
export type FrameTextOptions = {
  /** Kills Tesseract; the read then rejects with an AbortError once the process is gone. */
  signal?: AbortSignal
  /** The tesseract executable (default: `tesseract` on PATH, where Debian's tesseract-ocr puts it). */
  tesseract?: string
  /** Starts the process (default: a direct child; a library's `tools.run` starts it from the tool runner process). */
  run?: RunTool
}

const INSTALL_TESSERACT = "Install Debian's tesseract-ocr (apt-get install tesseract-ocr), then run the pipeline again."

/** The words Tesseract reads on one frame (a JPEG file) with the text stage's config, those below min_confidence dropped. */
export async function readFrameText(
  jpegPath: string,
  config: TextStageConfig,
  options: FrameTextOptions = {},
): Promise<FrameWord[]> {
  const { signal, tesseract = 'tesseract', run = runTool } = options
  // Absolute, so a frame named like an option or "stdin" is still read as a file.
  const args = [path.resolve(jpegPath), 'stdout', '--psm', String(config.psm), '-l', config.lang, 'tsv']
  let output: ToolOutput
  try {
    output = await run(tesseract, args, { signal })
  } catch (error) {
    throw tesseractError(error, tesseract, config.lang)
  }
  // Tesseract reads on without a language it has no data for when it has another: a result without it is not the one asked for.
  const missing = missingLanguageError(output.stderr, config.lang)
  if (missing) throw missing
  return parseTesseractTsv(output.stdout).filter((word) => word.confidence >= config.min_confidence)
}

/** A failed run in words: no Tesseract or no data for a language; else Tesseract's own error (its stderr tail). */
function tesseractError(error: unknown, tesseract: string, lang: string): unknown {
  if (!(error instanceof ToolError)) return error
  if (error.outcome === 'could not start (ENOENT)') {
    return new AppError('unsupported', `Tesseract is not installed (no ${tesseract} to run). ${INSTALL_TESSERACT}`)
  }
  return missingLanguageError(error.stderr, lang) ?? error
}

/** The languages of `lang` Tesseract reported it has no data for, with the Debian packages that bring it; null when none. */
function missingLanguageError(stderr: string, lang: string): AppError | null {
  const missing = [...stderr.matchAll(/Failed loading language '([^']+)'/g)].map((match) => match[1]!)
  if (missing.length === 0) return null
  const packages = missing.map((code) => `tesseract-ocr-${code.toLowerCase().replaceAll('_', '-')}`)
  return new AppError(
    'unsupported',
    `Tesseract has no data for ${missing.join(', ')} (lang "${lang}"): install Debian's ${packages.join(', ')} (apt-get install ${packages.join(' ')}), or choose another lang.`,
  )
}
