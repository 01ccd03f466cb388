import type { FrameWord } from './tesseract-tsv'
import type { RgbImage, TextRegion } from './text-regions'

/** A region drawn upright for the recognition model: `height` rows, as wide as the region is long at that height. */
export interface RecognitionInput {
  data: Float32Array
  width: number
  height: number
  /** The same strip in grey (0–255), row by row: to tell an unchanged line and for a second reader. */
  grey: Uint8Array
}

// PP-OCR's recogniser reads lines 48 px high, planes B, G, R scaled to −1…1.
export const LINE_HEIGHT = 48
const MAX_WIDTH = 4000

/** The region cut out of the frame along its turn and scaled to LINE_HEIGHT, for the recogniser. */
export function recognitionInput(frame: RgbImage, region: TextRegion): RecognitionInput {
  const height = LINE_HEIGHT
  const width = Math.max(LINE_HEIGHT / 3, Math.min(MAX_WIDTH, Math.ceil((region.width / region.height) * height)))
  const plane = width * height
  const data = new Float32Array(3 * plane)
  const grey = new Uint8Array(plane)
  const cos = Math.cos(region.angle)
  const sin = Math.sin(region.angle)
  const pixels = frame.data
  const lastX = frame.width - 1
  const lastY = frame.height - 1
  for (let y = 0; y < height; y++) {
    const v = ((y + 0.5) / height - 0.5) * region.height
    for (let x = 0; x < width; x++) {
      const u = ((x + 0.5) / width - 0.5) * region.width
      // Bilinear between the four pixels round the point; the edge pixels stretch beyond the frame.
      const frameX = Math.min(lastX, Math.max(0, region.centreX + u * cos - v * sin - 0.5))
      const frameY = Math.min(lastY, Math.max(0, region.centreY + u * sin + v * cos - 0.5))
      const x0 = Math.floor(frameX)
      const y0 = Math.floor(frameY)
      const fx = frameX - x0
      const fy = frameY - y0
      const a = (y0 * frame.width + x0) * 3
      const b = (y0 * frame.width + Math.min(lastX, x0 + 1)) * 3
      const c = (Math.min(lastY, y0 + 1) * frame.width + x0) * 3
      const d = (Math.min(lastY, y0 + 1) * frame.width + Math.min(lastX, x0 + 1)) * 3
      const at = y * width + x
      let luma = 0
      for (let channel = 0; channel < 3; channel++) {
        const upper = pixels[a + channel]! * (1 - fx) + pixels[b + channel]! * fx
        const lower = pixels[c + channel]! * (1 - fx) + pixels[d + channel]! * fx
        const value = upper * (1 - fy) + lower * fy
        // Planes B, G, R: channel 2 (blue) goes first.
        data[(2 - channel) * plane + at] = value / 127.5 - 1
        luma += LUMA[channel]! * value
      }
      grey[at] = Math.round(luma)
    }
  }
  return { data, width, height, grey }
}

const LUMA = [0.299, 0.587, 0.114]

/** A character the recogniser read, at which of its steps along the strip, and how sure it was (0–1). */
export interface ReadCharacter {
  text: string
  step: number
  probability: number
}

/**
 * The characters of a line from the recogniser's output (`steps` × `classes` probabilities): at each step the
 * likeliest class; class 0 is CTC's blank, and a class repeated on consecutive steps is one character. `characters`
 * names classes 1 on (the model's dictionary, then a space).
 */
export function decodeLine(
  probabilities: Float32Array,
  steps: number,
  classes: number,
  characters: readonly string[],
): ReadCharacter[] {
  const read: ReadCharacter[] = []
  let previous = 0
  for (let step = 0; step < steps; step++) {
    let best = 0
    let bestProbability = -1
    for (let index = 0; index < classes; index++) {
      const probability = probabilities[step * classes + index]!
      if (probability > bestProbability) {
        bestProbability = probability
        best = index
      }
    }
    if (best !== 0 && best !== previous) {
      read.push({ text: characters[best - 1] ?? '', step, probability: bestProbability })
    }
    previous = best
  }
  return read
}

/** A word the recogniser read, with each letter's confidence (0–100, one a code point of its text). */
export type ModelWord = FrameWord & { letters: number[] }

/**
 * The words of a read line (runs of characters between spaces), each with the mean of its characters'
 * probabilities as a confidence of 0–100, each letter's, and its upright box in the frame: a word spans its steps,
 * from halfway to the character before it to halfway to the one after.
 */
export function lineWords(characters: ReadCharacter[], steps: number, region: TextRegion): ModelWord[] {
  const words: ModelWord[] = []
  let start = 0
  const boundary = (index: number) =>
    index <= 0
      ? 0
      : index >= characters.length
        ? steps
        : (characters[index - 1]!.step + characters[index]!.step + 1) / 2
  for (let index = 0; index <= characters.length; index++) {
    if (index < characters.length && characters[index]!.text.trim() !== '') continue
    if (index > start) {
      const word = characters.slice(start, index)
      const probability = word.reduce((sum, character) => sum + character.probability, 0) / word.length
      words.push({
        text: word.map((character) => character.text).join(''),
        confidence: percent(probability),
        letters: word.flatMap((character) => [...character.text].map(() => percent(character.probability))),
        box: stripBox(region, boundary(start) / steps, boundary(index) / steps),
      })
    }
    start = index + 1
  }
  return words
}

const percent = (probability: number) => Math.round(probability * 1000) / 10

/** The upright box in the frame of the part of a region from `from` to `to` along it (fractions of its length). */
function stripBox(region: TextRegion, from: number, to: number) {
  const cos = Math.cos(region.angle)
  const sin = Math.sin(region.angle)
  const corners = [from, to].flatMap((along) =>
    [-0.5, 0.5].map((across) => {
      const u = (along - 0.5) * region.width
      const v = across * region.height
      return [region.centreX + u * cos - v * sin, region.centreY + u * sin + v * cos] as const
    }),
  )
  const xs = corners.map(([x]) => x)
  const ys = corners.map(([, y]) => y)
  const x = Math.floor(Math.min(...xs))
  const y = Math.floor(Math.min(...ys))
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y }
}
