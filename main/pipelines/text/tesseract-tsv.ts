/**
 * A word Tesseract read on a frame: its text, confidence (0–100) and box in the frame's pixels; `cut` when the box
 * reaches the frame's edge (a ticker's word coming in or going out is read in part: it is shown, never indexed).
 */
export type FrameWord = {
  text: string
  confidence: number
  box: { x: number; y: number; width: number; height: number }
  cut?: true
}

// Tesseract's TSV has a header row, then one row per page (level 1), block (2), paragraph (3),
// line (4) and word (5), in reading order. Only word rows carry text; a word row with conf -1 or
// blank text is a space Tesseract found no glyphs in.
const WORD_LEVEL = 5
const COLUMNS = ['level', 'page_num', 'left', 'top', 'width', 'height', 'conf', 'text'] as const

/** The words of Tesseract's `tsv` output in reading order; throws when the header or a word row is not as Tesseract writes it. */
export function parseTesseractTsv(tsv: string): FrameWord[] {
  return parseTesseractPages(tsv).flat()
}

/** The words of each page (each image of a list Tesseract read), in reading order: index 0 is page 1. */
export function parseTesseractPages(tsv: string): FrameWord[][] {
  const [header = '', ...rows] = tsv.split(/\r?\n/)
  const names = header.split('\t')
  const at = Object.fromEntries(COLUMNS.map((name) => [name, names.indexOf(name)])) as Record<
    (typeof COLUMNS)[number],
    number
  >
  const missing = COLUMNS.filter((name) => at[name] < 0)
  if (missing.length > 0) throw new Error(`Tesseract's TSV has no ${missing.join(', ')} column: "${header}"`)
  const pages: FrameWord[][] = []
  rows.forEach((row, index) => {
    if (row === '') return
    const cells = row.split('\t')
    if (Number(cells[at.level]) !== WORD_LEVEL) return
    const text = (cells[at.text] ?? '').trim()
    const [page, x, y, width, height, confidence] = [at.page_num, at.left, at.top, at.width, at.height, at.conf].map(
      (column) => Number(cells[column]),
    ) as [number, number, number, number, number, number]
    if (![page, x, y, width, height, confidence].every(Number.isFinite) || page < 1) {
      throw new Error(`Tesseract's TSV row ${index + 2} is not a word row: "${row}"`)
    }
    if (text === '' || confidence < 0) return
    for (let index = pages.length; index < page; index++) pages.push([])
    pages[page - 1]!.push({ text, confidence, box: { x, y, width, height } })
  })
  return pages
}
