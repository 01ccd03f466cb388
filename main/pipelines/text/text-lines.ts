/** A grey picture: one byte a pixel, rows top to bottom. */
export interface GreyImage {
  width: number
  height: number
  data: Uint8Array
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** Whether a line's glyphs are lighter than what is around them (light on dark) or darker. */
export type Polarity = 'light' | 'dark'

/** A line of text candidates: its box, its glyphs' polarity and median height, and the glyphs' pixels in the box. */
export interface TextLine {
  box: Box
  polarity: Polarity
  glyphHeight: number
  /** 1 where a glyph of the line is, 0 elsewhere; `box.width × box.height`, row by row. */
  mask: Uint8Array
  /** How much each pixel of the box is glyph (0–255, anti-aliased edges kept), 0 away from the glyphs; as `mask`. */
  ink: Uint8Array
}

// How lines of text are found (an MSER-like pass, tuned on title cards, lower thirds and subtitles over footage):
// - A pixel is a glyph pixel of one polarity when it is at least CONTRAST lighter (or darker) than the mean of a
//   square around it a fifteenth of the picture's height wide: wide enough to hold a stroke of a 150 px title.
// - Glyphs are the connected pieces of those pixels shaped like letters (height, fill, aspect).
// - Glyphs of like height (at most twice each other's) on a common band, less than 1.2 glyph heights apart, make
//   a line; a line needs MIN_GLYPHS of them, half of them on a common baseline or cap line, so texture rarely
//   makes one. Lines found in both polarities are kept apart: an outlined title makes one of each and the reader
//   keeps the better reading. The lines with the most aligned glyphs come first, MAX_LINES at most.
const CONTRAST = 28
const MIN_GLYPHS = 2
const MAX_LINES = 16

/** The lines of text on a picture, in both polarities, most aligned glyphs first (at most MAX_LINES). */
export function findTextLines(image: GreyImage): TextLine[] {
  const means = localMeans(image, Math.max(8, Math.round(image.height / 30)))
  const groups = (['light', 'dark'] as const).flatMap((polarity) => {
    const { labels, pieces } = connectedPieces(glyphPixels(image, means, polarity), image.width, image.height)
    const glyphs = pieces.filter((piece) => isGlyphLike(piece, image.height))
    return groupLines(glyphs).map((group) => ({ group, labels, polarity, aligned: aligned(group) }))
  })
  return groups
    .sort((a, b) => b.aligned - a.aligned)
    .slice(0, MAX_LINES)
    .map(({ group, labels, polarity }) => lineOf(group, labels, image, polarity))
}

/** Each pixel's neighbourhood mean (a square of side 2·radius + 1, cut at the edges), from a summed-area table. */
function localMeans({ width, height, data }: GreyImage, radius: number): Uint8Array {
  const stride = width + 1
  const sums = new Int32Array(stride * (height + 1))
  for (let y = 0; y < height; y++) {
    let row = 0
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!
      sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1]! + row
    }
  }
  const means = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const top = Math.max(0, y - radius) * stride
    const bottom = Math.min(height, y + radius + 1) * stride
    const rows = bottom / stride - top / stride
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - radius)
      const right = Math.min(width, x + radius + 1)
      const total = sums[bottom + right]! - sums[top + right]! - sums[bottom + left]! + sums[top + left]!
      means[y * width + x] = total / (rows * (right - left))
    }
  }
  return means
}

/** 1 where a pixel stands out from its neighbourhood's mean by CONTRAST in the polarity's direction. */
function glyphPixels({ data }: GreyImage, means: Uint8Array, polarity: Polarity): Uint8Array {
  const mask = new Uint8Array(data.length)
  if (polarity === 'light') {
    for (let at = 0; at < data.length; at++) if (data[at]! - means[at]! >= CONTRAST) mask[at] = 1
  } else {
    for (let at = 0; at < data.length; at++) if (means[at]! - data[at]! >= CONTRAST) mask[at] = 1
  }
  return mask
}

interface Piece {
  label: number
  x0: number
  y0: number
  x1: number
  y1: number
  pixels: number
}

/** The 4-connected pieces of a mask: a label per pixel (0 outside; a piece's pixels share one) and each piece's bounds. */
function connectedPieces(mask: Uint8Array, width: number, height: number): { labels: Int32Array; pieces: Piece[] } {
  const labels = new Int32Array(width * height)
  let parent = new Int32Array(1024)
  let count = 1
  const find = (label: number): number => {
    while (parent[label] !== label) label = parent[label] = parent[parent[label]!]!
    return label
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * width + x
      if (!mask[at]) continue
      const left = x > 0 ? labels[at - 1]! : 0
      const up = y > 0 ? labels[at - width]! : 0
      if (left === 0 && up === 0) {
        if (count === parent.length) parent = growTo(parent, count * 2)
        parent[count] = count
        labels[at] = count++
      } else if (left === 0 || up === 0 || left === up) {
        labels[at] = left || up
      } else {
        const a = find(left)
        const b = find(up)
        parent[Math.max(a, b)] = Math.min(a, b)
        labels[at] = Math.min(a, b)
      }
    }
  }
  const bounds = new Int32Array(count * 5).fill(-1)
  for (let at = 0; at < labels.length; at++) {
    if (labels[at] === 0) continue
    const root = find(labels[at]!)
    labels[at] = root
    const x = at % width
    const y = (at - x) / width
    const base = root * 5
    if (bounds[base] === -1) bounds.set([x, y, x, y, 0], base)
    if (x < bounds[base]!) bounds[base] = x
    if (x > bounds[base + 2]!) bounds[base + 2] = x
    bounds[base + 3] = y
    bounds[base + 4]!++
  }
  const pieces: Piece[] = []
  for (let label = 1; label < count; label++) {
    const base = label * 5
    if (bounds[base + 4]! <= 0) continue
    pieces.push({
      label,
      x0: bounds[base]!,
      y0: bounds[base + 1]!,
      x1: bounds[base + 2]!,
      y1: bounds[base + 3]!,
      pixels: bounds[base + 4]!,
    })
  }
  return { labels, pieces }
}

function growTo(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length)
  grown.set(array)
  return grown
}

/** Whether a piece could be a letter or digit: tall enough to read, not a frame-wide band, neither a speck nor a block. */
function isGlyphLike(piece: Piece, pictureHeight: number): boolean {
  const width = piece.x1 - piece.x0 + 1
  const height = piece.y1 - piece.y0 + 1
  if (height < 8 || height > pictureHeight / 4 || width > height * 3 || piece.pixels < 12) return false
  const fill = piece.pixels / (width * height)
  // A stroke (l, I, 1) fills its box; a wider solid piece is a block of picture, not a letter.
  return fill > 0.1 && (fill < 0.92 || width * 3 <= height)
}

/**
 * Glyphs joined into lines: heights at most twice each other's (a Q's tail, an x-height u), overlapping bands, gaps
 * under 1.2 glyph heights; a line has MIN_GLYPHS or more, at least half of them on its baseline or cap line.
 */
function groupLines(glyphs: Piece[]): Piece[][] {
  const sorted = [...glyphs].sort((a, b) => a.x0 - b.x0)
  const parent = sorted.map((_, index) => index)
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!
    return index
  }
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!
    const heightA = a.y1 - a.y0 + 1
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!
      if (b.x0 - a.x1 > heightA * 1.2) break
      const heightB = b.y1 - b.y0 + 1
      if (Math.max(heightA, heightB) > Math.min(heightA, heightB) * 2) continue
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1
      if (overlap < Math.min(heightA, heightB) * 0.6) continue
      parent[find(j)] = find(i)
    }
  }
  const groups = new Map<number, Piece[]>()
  sorted.forEach((glyph, index) => {
    const root = find(index)
    groups.set(root, [...(groups.get(root) ?? []), glyph])
  })
  return [...groups.values()].filter((group) => group.length >= MIN_GLYPHS && aligned(group) * 2 >= group.length)
}

/** How many glyphs of a group sit on its baseline, or hang from its cap line (within a fifth of the median height). */
function aligned(group: Piece[]): number {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const height = median(group.map((glyph) => glyph.y1 - glyph.y0 + 1))
  const bottom = median(group.map((glyph) => glyph.y1))
  const top = median(group.map((glyph) => glyph.y0))
  const near = (value: number, line: number) => Math.abs(value - line) <= height / 5
  const onBottom = group.filter((glyph) => near(glyph.y1, bottom)).length
  const onTop = group.filter((glyph) => near(glyph.y0, top)).length
  return Math.max(onBottom, onTop)
}

/** A group's line: its padded box, and the mask of the polarity's pieces wholly inside it (dots and accents too). */
function lineOf(group: Piece[], labels: Int32Array, image: GreyImage, polarity: Polarity): TextLine {
  const heights = group.map((glyph) => glyph.y1 - glyph.y0 + 1).sort((a, b) => a - b)
  const glyphHeight = heights[Math.floor(heights.length / 2)]!
  const pad = Math.ceil(glyphHeight * 0.4)
  const x0 = Math.max(0, Math.min(...group.map((glyph) => glyph.x0)) - pad)
  const y0 = Math.max(0, Math.min(...group.map((glyph) => glyph.y0)) - pad)
  const x1 = Math.min(image.width - 1, Math.max(...group.map((glyph) => glyph.x1)) + pad)
  const y1 = Math.min(image.height - 1, Math.max(...group.map((glyph) => glyph.y1)) + pad)
  const box = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
  const crossing = new Set<number>()
  for (let x = x0; x <= x1; x++) {
    crossing.add(labels[y0 * image.width + x]!).add(labels[y1 * image.width + x]!)
  }
  for (let y = y0; y <= y1; y++) {
    crossing.add(labels[y * image.width + x0]!).add(labels[y * image.width + x1]!)
  }
  // A piece running out of the box is picture, or a glyph grown into picture: only its part on the glyphs' band
  // is kept (the glyph's, mostly).
  const bandTop = Math.min(...group.map((glyph) => glyph.y0)) - y0
  const bandBottom = Math.max(...group.map((glyph) => glyph.y1)) - y0
  const mask = new Uint8Array(box.width * box.height)
  for (let y = 0; y < box.height; y++) {
    const onBand = y >= bandTop && y <= bandBottom
    for (let x = 0; x < box.width; x++) {
      const label = labels[(y0 + y) * image.width + x0 + x]!
      if (label !== 0 && (onBand || !crossing.has(label))) mask[y * box.width + x] = 1
    }
  }
  const ink = inkOf(image, box, mask, Math.max(1, Math.round(glyphHeight / 12)))
  return { box, polarity, glyphHeight, mask, ink }
}

/**
 * How much of a glyph each pixel of the box is (0–255): its grey placed between the background's level (0) and the
 * glyphs' (255), the medians of each, so edges keep their anti-aliasing; 0 farther than `reach` from any glyph.
 */
function inkOf(image: GreyImage, box: Box, mask: Uint8Array, reach: number): Uint8Array {
  const near = dilate(mask, box.width, box.height, reach)
  const glyphs = new Uint32Array(256)
  const around = new Uint32Array(256)
  const grey = (x: number, y: number) => image.data[(box.y + y) * image.width + box.x + x]!
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const at = y * box.width + x
      if (mask[at]) glyphs[grey(x, y)]!++
      else if (!near[at]) around[grey(x, y)]!++
    }
  }
  const glyphLevel = medianOf(glyphs)
  const background = medianOf(around)
  const span = glyphLevel - background || 1
  const ink = new Uint8Array(box.width * box.height)
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const at = y * box.width + x
      if (near[at]) ink[at] = Math.round(255 * Math.min(1, Math.max(0, (grey(x, y) - background) / span)))
    }
  }
  return ink
}

/** A mask grown by `reach` pixels every way (a square). */
function dilate(mask: Uint8Array, width: number, height: number, reach: number): Uint8Array {
  const across = new Uint8Array(mask.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue
      across.fill(1, y * width + Math.max(0, x - reach), y * width + Math.min(width, x + reach + 1))
    }
  }
  const grown = new Uint8Array(mask.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!across[y * width + x]) continue
      for (let row = Math.max(0, y - reach); row <= Math.min(height - 1, y + reach); row++) grown[row * width + x] = 1
    }
  }
  return grown
}

/** The median value of a histogram of 256 levels (128 when it is empty). */
function medianOf(histogram: Uint32Array): number {
  const total = histogram.reduce((sum, count) => sum + count, 0)
  if (total === 0) return 128
  let seen = 0
  for (let level = 0; level < 256; level++) {
    seen += histogram[level]!
    if (seen * 2 >= total) return level
  }
  return 255
}

/** Whether two lines are the same glyphs in the same place: same polarity, and at most a tenth of their ink differs. */
export function sameLine(a: TextLine, b: TextLine): boolean {
  if (a.polarity !== b.polarity) return false
  const union = { x: Math.min(a.box.x, b.box.x), y: Math.min(a.box.y, b.box.y) }
  const right = Math.max(a.box.x + a.box.width, b.box.x + b.box.width)
  const bottom = Math.max(a.box.y + a.box.height, b.box.y + b.box.height)
  if (boxOverlap(a.box, b.box) < 0.8 * Math.max(boxArea(a.box), boxArea(b.box))) return false
  let ink = 0
  let differ = 0
  for (let y = union.y; y < bottom; y++) {
    for (let x = union.x; x < right; x++) {
      const inA = inkAt(a, x, y)
      const inB = inkAt(b, x, y)
      if (inA || inB) ink++
      if (inA !== inB) differ++
    }
  }
  return ink > 0 && differ <= ink * 0.1
}

function inkAt(line: TextLine, x: number, y: number): boolean {
  const { box } = line
  const inside = x >= box.x && y >= box.y && x < box.x + box.width && y < box.y + box.height
  return inside && line.mask[(y - box.y) * box.width + (x - box.x)] === 1
}

/** A box's area in pixels. */
export function boxArea(box: Box): number {
  return box.width * box.height
}

/** The area two boxes share, in pixels. */
export function boxOverlap(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}
