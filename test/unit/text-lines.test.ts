import { describe, expect, it } from 'vitest'
import { frameBox, lineImage } from '../../main/pipelines/text/line-image'
import { findTextLines, sameLine, type GreyImage } from '../../main/pipelines/text/text-lines'

// Synthetic pictures: "glyphs" are rings (hollow boxes, like an O), drawn in one grey on another.
function picture(width: number, height: number, background: number): GreyImage {
  return { width, height, data: new Uint8Array(width * height).fill(background) }
}

function fill(image: GreyImage, x: number, y: number, width: number, height: number, value: number): void {
  for (let row = y; row < y + height; row++)
    image.data.fill(value, row * image.width + x, row * image.width + x + width)
}

function ring(image: GreyImage, x: number, y: number, width: number, height: number, value: number, stroke = 3): void {
  fill(image, x, y, width, stroke, value)
  fill(image, x, y + height - stroke, width, stroke, value)
  fill(image, x, y, stroke, height, value)
  fill(image, x + width - stroke, y, stroke, height, value)
}

/** `count` rings 12×20 in a row from (x, y), 6 px apart. */
function word(image: GreyImage, x: number, y: number, count: number, value: number): void {
  for (let index = 0; index < count; index++) ring(image, x + index * 18, y, 12, 20, value)
}

describe('findTextLines', () => {
  it('finds a row of light glyphs on a darker picture as one light line, its mask the glyphs', () => {
    const image = picture(400, 200, 90)
    word(image, 100, 60, 5, 230)
    const [line, ...others] = findTextLines(image)
    expect(others).toEqual([])
    expect(line).toMatchObject({ polarity: 'light', glyphHeight: 20 })
    // The glyphs span x 100–183, y 60–79; the box adds 0.4 of a glyph's height (8 px) round them.
    expect(line!.box).toEqual({ x: 92, y: 52, width: 100, height: 36 })
    const inked = (x: number, y: number) => line!.mask[(y - line!.box.y) * line!.box.width + (x - line!.box.x)]
    expect([inked(100, 60), inked(101, 70), inked(106, 70), inked(90 + 2, 52)]).toEqual([1, 1, 0, 0])
  })

  it('finds dark glyphs on a light picture as a dark line (what lies light between them at most a line within it)', () => {
    const image = picture(400, 200, 210)
    word(image, 40, 120, 4, 20)
    const lines = findTextLines(image)
    expect(lines.filter((line) => line.polarity === 'dark').map((line) => line.box)).toEqual([
      { x: 32, y: 112, width: 82, height: 36 },
    ])
    for (const inside of lines.filter((line) => line.polarity === 'light')) {
      const middle = { x: inside.box.x + inside.box.width / 2, y: inside.box.y + inside.box.height / 2 }
      expect(middle.x > 32 && middle.x < 32 + 82 && middle.y > 112 && middle.y < 112 + 36).toBe(true)
    }
  })

  it('finds nothing in a lone glyph, a solid block, a band across the picture or a flat picture', () => {
    const image = picture(400, 200, 90)
    ring(image, 30, 30, 12, 20, 230)
    fill(image, 200, 40, 60, 60, 230)
    fill(image, 0, 150, 400, 12, 20)
    expect(findTextLines(image)).toEqual([])
    expect(findTextLines(picture(400, 200, 128))).toEqual([])
  })

  it('keeps glyphs of unlike heights, or far apart, in separate lines', () => {
    const image = picture(600, 300, 90)
    word(image, 20, 20, 3, 230)
    // Two rows at the same height but 200 px apart, and a row of glyphs three times as tall beside the first.
    word(image, 300, 20, 3, 230)
    for (let index = 0; index < 3; index++) ring(image, 90 + index * 40, 120, 30, 60, 230, 6)
    const lines = findTextLines(image).filter((line) => line.polarity === 'light')
    expect(lines.map((line) => [line.box.x, line.glyphHeight]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [12, 20],
      [66, 60],
      [292, 20],
    ])
  })

  it('leaves out of a line’s mask what only crosses its box (a stripe of picture through it)', () => {
    const image = picture(400, 200, 90)
    word(image, 100, 60, 5, 230)
    fill(image, 0, 84, 400, 2, 230)
    const [line] = findTextLines(image)
    const row = 84 - line!.box.y
    expect([...line!.mask.subarray(row * line!.box.width, (row + 1) * line!.box.width)].every((ink) => ink === 0)).toBe(
      true,
    )
  })
})

describe('sameLine', () => {
  it('is the same line where the same glyphs stand in the same place, whatever the picture around them', () => {
    const first = picture(400, 200, 90)
    word(first, 100, 60, 5, 230)
    const second = picture(400, 200, 90)
    fill(second, 0, 150, 400, 40, 60)
    word(second, 100, 60, 5, 230)
    const moved = picture(400, 200, 90)
    word(moved, 104, 60, 5, 230)
    const changed = picture(400, 200, 90)
    word(changed, 100, 60, 4, 230)
    ring(changed, 172, 60, 12, 20, 230, 6)
    const [line] = findTextLines(first)
    expect(sameLine(line!, findTextLines(second)[0]!)).toBe(true)
    expect(sameLine(line!, findTextLines(moved)[0]!)).toBe(false)
    expect(sameLine(line!, findTextLines(changed)[0]!)).toBe(false)
  })
})

describe('lineImage', () => {
  it('draws the glyphs black on white at 36 px a glyph, with a margin, and maps boxes back to the frame', () => {
    const image = picture(400, 200, 90)
    word(image, 100, 60, 5, 230)
    const [line] = findTextLines(image)
    const drawn = lineImage(line!)
    expect(drawn.scale).toBeCloseTo(36 / 20)
    const header = `P5\n${Math.round(100 * drawn.scale) + 24} ${Math.round(36 * drawn.scale) + 24}\n255\n`
    expect(drawn.pgm.subarray(0, header.length).toString('ascii')).toBe(header)
    const width = Math.round(100 * drawn.scale) + 24
    const pixel = (x: number, y: number) => drawn.pgm[header.length + y * width + x]
    // The first glyph's left stroke (frame x 100–102, y 60–79) is ink; its hollow inside and the margin are white.
    expect(pixel(12 + Math.round(9 * drawn.scale), 12 + Math.round(18 * drawn.scale))).toBe(0)
    expect(pixel(12 + Math.round(14 * drawn.scale), 12 + Math.round(18 * drawn.scale))).toBe(255)
    expect(pixel(3, 3)).toBe(255)
    const box = { x: 12 + 8 * drawn.scale, y: 12 + 8 * drawn.scale, width: 12 * drawn.scale, height: 20 * drawn.scale }
    expect(frameBox(drawn, line!.box, box)).toEqual({ x: 100, y: 60, width: 12, height: 20 })
  })

  it('never enlarges more than four times, nor shrinks below half', () => {
    const small = picture(200, 100, 90)
    for (let index = 0; index < 4; index++) ring(small, 20 + index * 8, 20, 5, 8, 230, 1)
    expect(lineImage(findTextLines(small)[0]!).scale).toBe(4)
  })
})
