/** An upright box in a frame's pixels. */
export interface Box {
  x: number
  y: number
  width: number
  height: number
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

/** A frame's pixels, RGB, row by row. */
export interface RgbImage {
  data: Uint8Array
  width: number
  height: number
}

/**
 * A line of text the detection model found: a rectangle turned by `angle` (radians, clockwise in image
 * coordinates) round its centre, in the frame's pixels; `score` is the model's mean belief over its pixels.
 */
export interface TextRegion {
  centreX: number
  centreY: number
  width: number
  height: number
  angle: number
  score: number
}

/** The detection model's input: the frame scaled to `width` × `height` (multiples of 32), planes B, G, R. */
export interface DetectionInput {
  data: Float32Array
  width: number
  height: number
}

// PP-OCR's detector (DB) was trained on images normalised with ImageNet's mean and deviation, in OpenCV's B, G, R order.
const MEAN = [0.406, 0.456, 0.485]
const DEVIATION = [0.225, 0.224, 0.229]
const STRIDE = 32

/** The frame scaled to a longest side of at most `maxSide` (rounded to multiples of 32) and normalised for the detector. */
export function detectionInput(frame: RgbImage, maxSide: number): DetectionInput {
  const scale = Math.min(1, maxSide / Math.max(frame.width, frame.height))
  const width = Math.max(STRIDE, Math.round((frame.width * scale) / STRIDE) * STRIDE)
  const height = Math.max(STRIDE, Math.round((frame.height * scale) / STRIDE) * STRIDE)
  const data = new Float32Array(3 * width * height)
  const plane = width * height
  const xs = samplePoints(frame.width, width)
  const ys = samplePoints(frame.height, height)
  const pixels = frame.data
  for (let y = 0; y < height; y++) {
    const fy = ys.weight[y]!
    const top = ys.low[y]! * frame.width
    const bottom = Math.min(frame.height - 1, ys.low[y]! + 1) * frame.width
    for (let x = 0; x < width; x++) {
      const fx = xs.weight[x]!
      const left = xs.low[x]!
      const right = Math.min(frame.width - 1, left + 1)
      const a = (top + left) * 3
      const b = (top + right) * 3
      const c = (bottom + left) * 3
      const d = (bottom + right) * 3
      const at = y * width + x
      // Plane 0 is blue: channel 2 of the RGB frame.
      for (let out = 0; out < 3; out++) {
        const channel = 2 - out
        const upper = pixels[a + channel]! * (1 - fx) + pixels[b + channel]! * fx
        const lower = pixels[c + channel]! * (1 - fx) + pixels[d + channel]! * fx
        const value = (upper * (1 - fy) + lower * fy) / 255
        data[out * plane + at] = (value - MEAN[out]!) / DEVIATION[out]!
      }
    }
  }
  return { data, width, height }
}

/** For each of `to` points along a side of `from` pixels, the pixel before it and the weight of the one after. */
function samplePoints(from: number, to: number): { low: Int32Array; weight: Float32Array } {
  const low = new Int32Array(to)
  const weight = new Float32Array(to)
  for (let index = 0; index < to; index++) {
    const at = Math.min(from - 1, Math.max(0, ((index + 0.5) * from) / to - 0.5))
    low[index] = Math.floor(at)
    weight[index] = at - low[index]!
  }
  return { low, weight }
}

// DB's own post-processing, as PaddleOCR sets it: pixels believed text at 0.3 or more make a region, a region needs
// a mean belief of 0.6, and the shrunk text the model marks is grown back by its area × 1.5 / its perimeter.
const PIXEL_BELIEF = 0.3
const REGION_BELIEF = 0.6
const UNCLIP_RATIO = 1.5
// Pieces of fewer pixels (on the detector's scale) are specks, not text.
const MIN_PIXELS = 10
const MIN_SIDE = 3

/**
 * The lines of text in the detector's map of beliefs (`width` × `height`, one per pixel of its input), as turned
 * rectangles in the pixels of a frame `frameWidth` × `frameHeight`: each connected piece of believed pixels, its
 * turn from its second moments (text up to a few tens of degrees reads), its extent along and across that turn,
 * grown back as DB shrank it.
 */
export function textRegions(
  beliefs: Float32Array,
  width: number,
  height: number,
  frameWidth: number,
  frameHeight: number,
): TextRegion[] {
  const seen = new Uint8Array(width * height)
  const regions: TextRegion[] = []
  const stack: number[] = []
  const piece: number[] = []
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || beliefs[start]! < PIXEL_BELIEF) continue
    seen[start] = 1
    stack.push(start)
    piece.length = 0
    let belief = 0
    while (stack.length > 0) {
      const at = stack.pop()!
      piece.push(at)
      belief += beliefs[at]!
      const x = at % width
      const neighbours = [x > 0 ? at - 1 : -1, x < width - 1 ? at + 1 : -1, at - width, at + width]
      for (const next of neighbours) {
        if (next < 0 || next >= width * height || seen[next] || beliefs[next]! < PIXEL_BELIEF) continue
        seen[next] = 1
        stack.push(next)
      }
    }
    if (piece.length < MIN_PIXELS || belief / piece.length < REGION_BELIEF) continue
    const region = turnedRectangle(piece, width)
    if (Math.min(region.width, region.height) < MIN_SIDE) continue
    const grow = (region.width * region.height * UNCLIP_RATIO) / (2 * (region.width + region.height))
    const scaleX = frameWidth / width
    const scaleY = frameHeight / height
    regions.push({
      centreX: region.centreX * scaleX,
      centreY: region.centreY * scaleY,
      width: (region.width + 2 * grow) * scaleX,
      height: (region.height + 2 * grow) * scaleY,
      angle: region.angle,
      score: belief / piece.length,
    })
  }
  return regions
}

/** The smallest rectangle along a piece's main axis (from its second moments) holding its pixels. */
function turnedRectangle(piece: number[], width: number) {
  let sumX = 0
  let sumY = 0
  for (const at of piece) {
    sumX += at % width
    sumY += Math.floor(at / width)
  }
  const meanX = sumX / piece.length
  const meanY = sumY / piece.length
  let xx = 0
  let yy = 0
  let xy = 0
  for (const at of piece) {
    const dx = (at % width) - meanX
    const dy = Math.floor(at / width) - meanY
    xx += dx * dx
    yy += dy * dy
    xy += dx * dy
  }
  let angle = 0.5 * Math.atan2(2 * xy, xx - yy)
  // A line is longer than high: a main axis steeper than 45° is a piece of vertical text, read across.
  if (angle > Math.PI / 4) angle -= Math.PI / 2
  if (angle < -Math.PI / 4) angle += Math.PI / 2
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  let along = [Infinity, -Infinity]
  let across = [Infinity, -Infinity]
  for (const at of piece) {
    // Each pixel is a unit square: its centre ± half a pixel along both axes.
    const dx = (at % width) - meanX
    const dy = Math.floor(at / width) - meanY
    const u = dx * cos + dy * sin
    const v = -dx * sin + dy * cos
    along = [Math.min(along[0]!, u - 0.5), Math.max(along[1]!, u + 0.5)]
    across = [Math.min(across[0]!, v - 0.5), Math.max(across[1]!, v + 0.5)]
  }
  const middleU = (along[0]! + along[1]!) / 2
  const middleV = (across[0]! + across[1]!) / 2
  return {
    centreX: meanX + 0.5 + middleU * cos - middleV * sin,
    centreY: meanY + 0.5 + middleU * sin + middleV * cos,
    width: along[1]! - along[0]!,
    height: across[1]! - across[0]!,
    angle,
  }
}

/** The upright box round a region, clipped to the frame. */
export function regionBox(region: TextRegion, frameWidth: number, frameHeight: number): Box {
  const cos = Math.abs(Math.cos(region.angle))
  const sin = Math.abs(Math.sin(region.angle))
  const halfWidth = (region.width * cos + region.height * sin) / 2
  const halfHeight = (region.width * sin + region.height * cos) / 2
  const x = Math.max(0, Math.floor(region.centreX - halfWidth))
  const y = Math.max(0, Math.floor(region.centreY - halfHeight))
  const right = Math.min(frameWidth, Math.ceil(region.centreX + halfWidth))
  const bottom = Math.min(frameHeight, Math.ceil(region.centreY + halfHeight))
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) }
}
