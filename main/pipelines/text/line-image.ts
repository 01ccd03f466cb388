import type { Box, TextLine } from './text-lines'

/** A line drawn for Tesseract, and how its pixels map back to the frame's. */
export interface LineImage {
  /** A binary PGM (P5): the line's glyphs black on white, with a margin. */
  pgm: Buffer
  /** Frame pixels per image pixel is 1 / scale; the image's (margin, margin) is the box's top left. */
  scale: number
  margin: number
}

// Tesseract reads best with capitals about 30–40 pixels tall; lines are drawn so their glyphs' median height is
// GLYPH_PIXELS, enlarged at most MAX_ENLARGE times (more only smears) and never shrunk below half.
const GLYPH_PIXELS = 36
const MAX_ENLARGE = 4
const MARGIN = 12

/**
 * The line as Tesseract reads it best: only its glyphs' ink (no picture behind them), dark on light whatever
 * their polarity on screen, scaled to a glyph height Tesseract likes (bilinear, so edges stay smooth).
 */
export function lineImage(line: TextLine): LineImage {
  const { box, ink } = line
  const scale = Math.min(MAX_ENLARGE, Math.max(0.5, GLYPH_PIXELS / line.glyphHeight))
  const width = Math.max(1, Math.round(box.width * scale))
  const height = Math.max(1, Math.round(box.height * scale))
  const stride = width + 2 * MARGIN
  const pixels = Buffer.alloc(stride * (height + 2 * MARGIN), 255)
  const inkAt = (x: number, y: number) => ink[y * box.width + x]! / 255
  for (let y = 0; y < height; y++) {
    const sourceY = Math.min(box.height - 1, Math.max(0, (y + 0.5) / scale - 0.5))
    const y0 = Math.floor(sourceY)
    const y1 = Math.min(box.height - 1, y0 + 1)
    const fy = sourceY - y0
    for (let x = 0; x < width; x++) {
      const sourceX = Math.min(box.width - 1, Math.max(0, (x + 0.5) / scale - 0.5))
      const x0 = Math.floor(sourceX)
      const x1 = Math.min(box.width - 1, x0 + 1)
      const fx = sourceX - x0
      const ink =
        (inkAt(x0, y0) * (1 - fx) + inkAt(x1, y0) * fx) * (1 - fy) +
        (inkAt(x0, y1) * (1 - fx) + inkAt(x1, y1) * fx) * fy
      pixels[(y + MARGIN) * stride + x + MARGIN] = Math.round(255 * (1 - ink))
    }
  }
  const header = Buffer.from(`P5\n${stride} ${height + 2 * MARGIN}\n255\n`, 'ascii')
  return { pgm: Buffer.concat([header, pixels]), scale, margin: MARGIN }
}

/** A box in the line image's pixels as a box in the frame's. */
export function frameBox(image: Pick<LineImage, 'scale' | 'margin'>, line: Box, box: Box): Box {
  const toFrame = (value: number) => Math.round((value - image.margin) / image.scale)
  const x = Math.max(0, toFrame(box.x))
  const y = Math.max(0, toFrame(box.y))
  return {
    x: line.x + x,
    y: line.y + y,
    width: Math.max(1, Math.round(box.width / image.scale)),
    height: Math.max(1, Math.round(box.height / image.scale)),
  }
}
