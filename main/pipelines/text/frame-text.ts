import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../../shared/errors'
import type { TextStageConfig } from '../../../shared/pipeline-stage-configs'
import { runTool, ToolError, type RunTool, type ToolOutput } from '../../media/tool-io'
import { parseTesseractPages, type FrameWord } from './tesseract-tsv'

export type { FrameWord } from './tesseract-tsv'

/** How readLineImages runs Tesseract. */
export type LineReadOptions = {
  /** Where the images and their list are written for Tesseract (a folder only this read uses). */
  folder: string
  /** Kills Tesseract; the read then rejects with an AbortError once the process is gone. */
  signal?: AbortSignal
  /** The tesseract executable (default: `tesseract` on PATH, where Debian's tesseract-ocr puts it). */
  tesseract?: string
  /** Starts the process (default: a direct child; a library's `tools.run` starts it from the tool runner process). */
  run?: RunTool
}

// Tesseract's OpenMP threads only contend with the other Tesseracts the stage runs side by side: one thread each
// halves a short read's wall time here (0.52 s → 0.29 s for one line on 2 cores).
const ONE_THREAD = { OMP_THREAD_LIMIT: '1' }

const INSTALL_TESSERACT = "Install Debian's tesseract-ocr (apt-get install tesseract-ocr), then run the pipeline again."

/**
 * The words Tesseract reads on each image (PGM bytes; one line of text each), in one Tesseract process over a list
 * of them, with the text stage's language and page mode; boxes are in each image's pixels.
 */
export async function readLineImages(
  images: Uint8Array[],
  config: Pick<TextStageConfig, 'lang' | 'psm'>,
  options: LineReadOptions,
): Promise<FrameWord[][]> {
  if (images.length === 0) return []
  const { folder, signal, tesseract = 'tesseract', run = runTool } = options
  const files = images.map((_, index) => path.join(path.resolve(folder), `line-${index}.pgm`))
  await Promise.all(images.map((image, index) => writeFile(files[index]!, image)))
  const list = path.join(path.resolve(folder), 'lines.txt')
  await writeFile(list, files.join('\n') + '\n')
  const args = [list, 'stdout', '--psm', String(config.psm), '-l', config.lang, 'tsv']
  let output: ToolOutput
  try {
    output = await run(tesseract, args, { signal, env: ONE_THREAD })
  } catch (error) {
    throw tesseractError(error, tesseract, config.lang)
  }
  // Tesseract reads on without a language it has no data for when it has another: a result without it is not the one asked for.
  const missing = missingLanguageError(output.stderr, config.lang)
  if (missing) throw missing
  const pages = parseTesseractPages(output.stdout)
  return images.map((_, index) => pages[index] ?? [])
}

/** A failed run in words: no Tesseract or no data for a language; else Tesseract's own error (its stderr tail). */
function tesseractError(error: unknown, tesseract: string, lang: string): unknown {
  if (!(error instanceof ToolError)) return error
  if (error.outcome === 'could not start (ENOENT)') {
    return new AppError('unsupported', `Tesseract is not installed (no ${tesseract} to run). ${INSTALL_TESSERACT}`)
  }
  return missingLanguageError(error.stderr, lang) ?? error
}

// Tesseract's script data (capitalised names) is packaged by Debian under the script's ISO 15924 code.
const SCRIPT_CODES: Record<string, string> = { Latin: 'latn', Cyrillic: 'cyrl', Greek: 'grek', Arabic: 'arab' }

/** The Debian package suffix of a Tesseract language or script ("chi_sim" → "chi-sim", "Latin" → "script-latn"). */
function debianName(code: string): string {
  const script = SCRIPT_CODES[code]
  return script ? `script-${script}` : code.toLowerCase().replaceAll('_', '-')
}

/** The languages of `lang` Tesseract reported it has no data for, with the Debian packages that bring it; null when none. */
function missingLanguageError(stderr: string, lang: string): AppError | null {
  const missing = [...stderr.matchAll(/Failed loading language '([^']+)'/g)].map((match) => match[1]!)
  if (missing.length === 0) return null
  const packages = missing.map((code) => `tesseract-ocr-${debianName(code)}`)
  return new AppError(
    'unsupported',
    `Tesseract has no data for ${missing.join(', ')} (lang "${lang}"): install Debian's ${packages.join(', ')} (apt-get install ${packages.join(' ')}), or choose another lang.`,
  )
}
