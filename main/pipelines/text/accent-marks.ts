import type { ModelWord } from './region-reading'
import type { FrameWord } from './tesseract-tsv'

// PP-OCR's dictionary (Chinese and English) has a few accented letters and reads the others bare ("Zürich" as
// "zurich", "Ñandú" as "Nandu", "ß" as "B"), or as another letter it is unsure of ("Brûlée" as "Brtlée", the t at
// 55%). Tesseract with Latin-script data sees the marks but misreads more letters. So a line keeps the model's
// letters and takes from Tesseract's reading of the same line only the marked ones: where the two readings, aligned,
// have the same letter bare, or a letter the model was unsure of, Tesseract's marked one.

// A model letter under this confidence gives way to a marked letter of Tesseract's in its place: its true letters'
// least was 72 on the bench's tuned accented style, its wrong one 55.
const UNSURE = 70
const MARGIN = 10
// Strips are 48 px high with capitals about 26 px: Tesseract reads best at about 36.
const ENLARGE = 1.5

/**
 * A line's grey strip (`width` × `height`) as Tesseract reads it: dark text on light (a strip whose edge rows are
 * darker than its middle is turned over), nothing lighter than its background, enlarged, with a margin of the
 * background; a binary PGM. Lighter than the background is an outline's halo around the letters: Tesseract's own
 * threshold then falls between the halo and the rest, and reads hollow letters ("Ñandú Señora" as "Nandu senora").
 */
export function stripImage(grey: Uint8Array, width: number, height: number): Buffer {
  const background = edgeGrey(grey, width, height)
  let middle = 0
  for (let x = 0; x < width; x++) middle += grey[Math.floor(height / 2) * width + x]!
  const turn = background < middle / width
  const outWidth = Math.round(width * ENLARGE)
  const outHeight = Math.round(height * ENLARGE)
  const stride = outWidth + 2 * MARGIN
  const rows = outHeight + 2 * MARGIN
  const header = Buffer.from(`P5\n${stride} ${rows}\n255\n`)
  const light = turn ? 255 - background : background
  const pixels = Buffer.alloc(stride * rows, light)
  for (let y = 0; y < outHeight; y++) {
    const sourceY = Math.min(height - 1, Math.floor(y / ENLARGE))
    for (let x = 0; x < outWidth; x++) {
      const value = grey[sourceY * width + Math.min(width - 1, Math.floor(x / ENLARGE))]!
      pixels[(y + MARGIN) * stride + x + MARGIN] = Math.min(light, turn ? 255 - value : value)
    }
  }
  return Buffer.concat([header, pixels])
}

/** The mean grey of a strip's top and bottom rows (its background, most often). */
function edgeGrey(grey: Uint8Array, width: number, height: number): number {
  let sum = 0
  for (let x = 0; x < width; x++) sum += grey[x]! + grey[(height - 1) * width + x]!
  return Math.round(sum / (2 * width))
}

/** A letter without its marks, in lower case ("Ü" → "u"); "ß" is "ss". */
function bare(letter: string): string {
  return letter.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace('ß', 'ss')
}

/** Whether Tesseract's letter is the model's with marks the model could not read. */
function marksOf(model: string, tesseract: string): boolean {
  if (tesseract === model || !isMarked(tesseract)) return false
  // The model reads ß as B or β (the letters its dictionary holds of that shape).
  return bare(tesseract) === bare(model) || (tesseract === 'ß' && (model === 'B' || model === 'β'))
}

/**
 * The model's words of a line with the marks Tesseract read on the same line: the two texts aligned letter by
 * letter (edit distance, a letter and its marked form counting as the same), each of the model's letters aligned
 * with a marked form of itself, or with any marked letter when the model was unsure of it (UNSURE), takes that
 * form. Boxes and word confidences stay the model's.
 */
export function withAccents(model: ModelWord[], tesseract: FrameWord[]): FrameWord[] {
  const ours = [...model.map((word) => word.text).join(' ')]
  const sure = model.flatMap((word) => [...word.letters, 100])
  const theirs = [...tesseract.map((word) => word.text).join(' ')]
  const lowerB = ours.some((_, at) => isLowerB(ours, at))
  if (!lowerB && !theirs.some(isMarked)) return model.map(asFrameWord)
  const same = (a: string, b: string) => a === b || bare(a) === bare(b) || marksOf(a, b)
  // cost[i][j]: edits between ours[i..] and theirs[j..].
  const cost = Array.from({ length: ours.length + 1 }, () => new Array<number>(theirs.length + 1).fill(0))
  for (let i = ours.length; i >= 0; i--) {
    for (let j = theirs.length; j >= 0; j--) {
      if (i === ours.length) cost[i]![j] = theirs.length - j
      else if (j === theirs.length) cost[i]![j] = ours.length - i
      else {
        const pair = cost[i + 1]![j + 1]! + (same(ours[i]!, theirs[j]!) ? 0 : 1)
        cost[i]![j] = Math.min(pair, cost[i + 1]![j]! + 1, cost[i]![j + 1]! + 1)
      }
    }
  }
  const result = [...ours]
  // The model's lower-case B (see isLowerB) is ß unless Tesseract read a B there too.
  ours.forEach((_, at) => {
    if (isLowerB(ours, at)) result[at] = 'ß'
  })
  for (let i = 0, j = 0; i < ours.length && j < theirs.length;) {
    const pair = cost[i + 1]![j + 1]! + (same(ours[i]!, theirs[j]!) ? 0 : 1)
    if (cost[i]![j] === pair) {
      if (marksOf(ours[i]!, theirs[j]!) || (sure[i]! < UNSURE && isMarked(theirs[j]!))) result[i] = theirs[j]!
      if (isLowerB(ours, i) && theirs[j] === 'B') result[i] = 'B'
      i++
      j++
    } else if (cost[i]![j] === cost[i + 1]![j]! + 1) i++
    else j++
  }
  const texts = result.join('').split(' ')
  return model.map((word, index) => ({ ...asFrameWord(word), text: texts[index] ?? word.text }))
}

/** A model's word as the stage keeps it (its letters' confidences only serve the alignment). */
export function asFrameWord({ text, confidence, box }: ModelWord): FrameWord {
  return { text, confidence, box }
}

/** Whether a letter carries marks (ß counts: the model has no class for it). */
function isMarked(letter: string): boolean {
  return /\p{L}/u.test(letter) && (letter.normalize('NFD') !== letter || letter === 'ß')
}

/**
 * Whether the model's letter at `at` is a B inside lower case ("StraBe"): its dictionary has no ß, and reads one as
 * B; a capital inside a lower-case word is otherwise rare ("McBride", which Tesseract reads with its B).
 */
function isLowerB(letters: string[], at: number): boolean {
  const lower = (letter: string | undefined) => letter !== undefined && /\p{Ll}/u.test(letter)
  return letters[at] === 'B' && lower(letters[at - 1]) && lower(letters[at + 1])
}

/** A Greek β between Latin letters is the German ß the model has no class for ("Straβe" is "Straße"). */
export function sharpS<Word extends FrameWord>(word: Word): Word {
  const text = word.text.replace(/(?<=\p{Script=Latin})β(?=\p{Script=Latin})/gu, 'ß')
  return text === word.text ? word : { ...word, text }
}
