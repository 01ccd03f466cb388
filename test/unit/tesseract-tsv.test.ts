import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTesseractPages, parseTesseractTsv } from '../../main/pipelines/text/tesseract-tsv'

// Captured from Debian's tesseract 5.3.0 (eng): `tesseract <frame> stdout --psm N -l eng tsv`.
const captured = (name: string) => readFileSync(new URL(`../fixtures/tesseract/${name}`, import.meta.url), 'utf8')

describe("Tesseract's TSV", () => {
  it('gives the word rows in reading order with their confidence and box', () => {
    // A 640x360 frame with "ACME Corp" (white) above "Hello, world!" (yellow): two blocks.
    expect(parseTesseractTsv(captured('two-lines-psm11.tsv'))).toEqual([
      { text: 'ACME', confidence: 96.598557, box: { x: 61, y: 60, width: 160, height: 41 } },
      { text: 'Corp', confidence: 96.326263, box: { x: 241, y: 60, width: 126, height: 52 } },
      { text: 'Hello,', confidence: 96.464462, box: { x: 62, y: 260, width: 83, height: 28 } },
      { text: 'world!', confidence: 96.515831, box: { x: 157, y: 260, width: 93, height: 23 } },
    ])
  })

  it('keeps every word of a noisy frame, low confidences included, and non-ASCII text as it is', () => {
    // A 1280x720 test pattern with ACME in a box: 20 word rows, most of them noise.
    const words = parseTesseractTsv(captured('test-pattern-psm11.tsv'))
    expect(words.map((word) => word.text).join(' ')).toBe('40 106 ey i ES iS ay aE § & 2 & & a & 5 ba a ae) ACME')
    expect(words.filter((word) => word.confidence === 0)).toHaveLength(6)
    expect(words.at(-1)).toEqual({
      text: 'ACME',
      confidence: 96.65757,
      box: { x: 537, y: 608, width: 205, height: 52 },
    })
  })

  it('skips a word row of blank text, whatever its confidence', () => {
    // psm 3 on that test pattern: one word row, a space at confidence 95.
    const tsv = captured('blank-word-psm3.tsv')
    expect(tsv).toContain('\t95.000000\t \n')
    expect(parseTesseractTsv(tsv)).toEqual([])
  })

  it('skips a word row of confidence -1, and reads CRLF line ends', () => {
    const [header, , , , , acme, corp] = captured('two-lines-psm11.tsv').split('\n')
    const unread = acme!.replace('96.598557', '-1')
    expect(parseTesseractTsv([header, unread, corp].join('\r\n'))).toEqual([
      { text: 'Corp', confidence: 96.326263, box: { x: 241, y: 60, width: 126, height: 52 } },
    ])
  })

  it('throws on output that is not TSV as Tesseract writes it', () => {
    expect(() => parseTesseractTsv('')).toThrow(
      `Tesseract's TSV has no level, page_num, left, top, width, height, conf, text column: ""`,
    )
    const header = captured('two-lines-psm11.tsv').split('\n')[0]
    expect(() => parseTesseractTsv(`${header}\n5\t1\t1\t1\t1\t1\t61\t60\twide\t41\t96.5\tACME`)).toThrow(
      `Tesseract's TSV row 2 is not a word row: "5\t1\t1\t1\t1\t1\t61\t60\twide\t41\t96.5\tACME"`,
    )
  })

  it('gives each page of a list its own words, a page without words empty, a missing last page absent', () => {
    // A list of three line images: "the lantern was lit", a blank one (read as "Oo" at confidence 0), "Meridian".
    const pages = parseTesseractPages(captured('three-lines-list-psm7.tsv'))
    expect(pages.map((words) => words.map((word) => word.text))).toEqual([
      ['the', 'lantern', 'was', 'lit'],
      ['Oo'],
      ['Meridian'],
    ])
    expect(pages[1]![0]!.confidence).toBe(0)
    const [header, ...rows] = captured('three-lines-list-psm7.tsv').trimEnd().split('\n')
    const withoutBlank = [header, ...rows.filter((row) => row.split('\t')[1] !== '2')].join('\n')
    expect(parseTesseractPages(withoutBlank).map((words) => words.length)).toEqual([4, 0, 1])
    const firstOnly = [header, ...rows.filter((row) => row.split('\t')[1] === '1')].join('\n')
    expect(parseTesseractPages(firstOnly)).toHaveLength(1)
  })

  it('throws on a word row of no page', () => {
    const [header, , , , , acme] = captured('two-lines-psm11.tsv').split('\n')
    const cells = acme!.split('\t')
    cells[1] = '0'
    expect(() => parseTesseractPages(`${header}\n${cells.join('\t')}`)).toThrow(/row 2 is not a word row/)
  })
})
