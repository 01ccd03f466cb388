import { isKeptWord } from './kept-words'
import { decodeLine, lineWords, recognitionInput, type ModelWord } from './region-reading'
import type { SceneTextModels } from './scene-text-models'
import { detectionInput, regionBox, textRegions, type Box, type RgbImage, type TextRegion } from './text-regions'

/**
 * A line found: the index of the same line on the previous frame when unchanged (its reading stands), else what the
 * recogniser read on it, with the line drawn upright in grey (`strip`, `stripWidth` × LINE_HEIGHT) for a second reader.
 */
export type SceneLine = { box: Box } & (
  { sameAs: number } | { sameAs: null; words: ModelWord[]; strip: Uint8Array; stripWidth: number }
)

// The detector reads the frame at this longest side: 38 px subtitles on a 1080p frame stay 19 px, which it finds.
export const DETECT_SIDE = 960
// Two strips are the same line when their sizes agree within this share and their ink (the pixels on the text's side
// of the earlier strip's Otsu threshold) overlaps by this much: footage moving behind a title changes its grey, not
// its ink; a changed word moves a third of it or more.
const SIZE_TOLERANCE = 0.03
const SAME_INK = 0.8

interface SeenLine {
  box: Box
  region: TextRegion
  strip: Uint8Array
  stripWidth: number
  ink: Ink
  kept: boolean
}

/**
 * The lines of text on the frames of one video, in order: PP-OCR's detector finds them on the frame scaled down,
 * its recogniser reads each new or changed one at the frame's full size; a line unchanged since the previous frame
 * (same place, size, turn and ink) is not read again, unless none of its words was kept (`minConfidence`).
 */
export class SceneReading {
  private previous: SeenLine[] = []
  private previousSample: Uint8Array | undefined

  /** `reuseUnchanged` false reads every line of every frame anew (the bench measures what reuse saves). */
  constructor(
    private readonly models: SceneTextModels,
    private readonly minConfidence: number,
    private readonly reuseUnchanged = true,
  ) {}

  async lines(frame: RgbImage): Promise<SceneLine[]> {
    // A frame that shows what the previous one showed (a title card, a slide, a paused shot) keeps its lines
    // without looking for them again, when every one of them was read well.
    const sample = greySample(frame)
    const still = this.previousSample !== undefined && samePicture(sample, this.previousSample)
    this.previousSample = sample
    if (this.reuseUnchanged && still && this.previous.every((line) => line.kept)) {
      return this.previous.map((line, index) => ({ box: line.box, sameAs: index }))
    }
    const input = detectionInput(frame, DETECT_SIDE)
    const beliefs = await this.models.detect(input.data, input.width, input.height)
    const regions = textRegions(beliefs, input.width, input.height, frame.width, frame.height)
    const seen: SeenLine[] = []
    const lines: SceneLine[] = []
    for (const region of regions) {
      const box = regionBox(region, frame.width, frame.height)
      const strip = recognitionInput(frame, region)
      const sameAs = !this.reuseUnchanged
        ? -1
        : this.previous.findIndex((line) => line.kept && sameStrip(line, region, strip.grey, strip.width))
      if (sameAs >= 0) {
        seen.push({ ...this.previous[sameAs]!, box })
        lines.push({ box, sameAs })
        continue
      }
      const { probabilities, steps, classes } = await this.models.recognize(strip.data, strip.width, strip.height)
      const words = lineWords(decodeLine(probabilities, steps, classes, this.models.characters), steps, region)
      const kept = words.some((word) => isKeptWord(word, { min_confidence: this.minConfidence }))
      seen.push({ box, region, strip: strip.grey, stripWidth: strip.width, ink: inkOf(strip.grey), kept })
      lines.push({ box, sameAs: null, words, strip: strip.grey, stripWidth: strip.width })
    }
    this.previous = seen
    return lines
  }
}

// A frame is the previous one still when none of its grey samples (every SAMPLE_STEP-th pixel each way) moved by
// more than CHANGE_LEVELS: on the bench's still title cards consecutive frames differ in no sample, a title coming
// or going in 54 or more (a 26 px line of small text, a grey title 34 levels off its grey card), footage in thousands.
const SAMPLE_STEP = 4
const CHANGE_LEVELS = 16

/** Every SAMPLE_STEP-th pixel of the frame each way, in grey. */
function greySample(frame: RgbImage): Uint8Array {
  const columns = Math.ceil(frame.width / SAMPLE_STEP)
  const rows = Math.ceil(frame.height / SAMPLE_STEP)
  const sample = new Uint8Array(columns * rows)
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const at = (row * SAMPLE_STEP * frame.width + column * SAMPLE_STEP) * 3
      sample[row * columns + column] = (frame.data[at]! + 2 * frame.data[at + 1]! + frame.data[at + 2]!) >> 2
    }
  }
  return sample
}

/** Whether two samples of frames of one size show the same picture (no sample moved more than CHANGE_LEVELS). */
function samePicture(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (Math.abs(a[index]! - b[index]!) > CHANGE_LEVELS) return false
  return true
}

/** Whether a line seen before is this region's (same place, size and turn) with the same ink. */
function sameStrip(line: SeenLine, region: TextRegion, grey: Uint8Array, width: number): boolean {
  const was = line.region
  if (Math.abs(was.width - region.width) > SIZE_TOLERANCE * Math.max(was.width, 1)) return false
  if (Math.abs(was.height - region.height) > Math.max(2, SIZE_TOLERANCE * was.height)) return false
  if (Math.hypot(was.centreX - region.centreX, was.centreY - region.centreY) > Math.max(2, 0.1 * was.height))
    return false
  if (Math.abs(was.angle - region.angle) > 0.02) return false
  // The strips may differ in width by a pixel or two: compare along the narrower one.
  const columns = Math.min(width, line.stripWidth)
  const rows = grey.length / width
  const { threshold, light } = line.ink
  let both = 0
  let either = 0
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const now = grey[y * width + Math.floor((x * width) / columns)]! > threshold === light
      const then = line.strip[y * line.stripWidth + Math.floor((x * line.stripWidth) / columns)]! > threshold === light
      if (now && then) both++
      if (now || then) either++
    }
  }
  return either === 0 || both / either >= SAME_INK
}

/** Which side of a strip's grey is its text: Otsu's threshold, and whether the lighter side is the smaller. */
interface Ink {
  threshold: number
  light: boolean
}

function inkOf(grey: Uint8Array): Ink {
  const counts = new Array<number>(256).fill(0)
  for (const value of grey) counts[value]!++
  let total = 0
  for (let value = 0; value < 256; value++) total += value * counts[value]!
  let below = 0
  let belowSum = 0
  let best = { threshold: 127, spread: -1, lighter: 0 }
  for (let value = 0; value < 255; value++) {
    below += counts[value]!
    belowSum += value * counts[value]!
    const above = grey.length - below
    if (below === 0 || above === 0) continue
    const meanBelow = belowSum / below
    const meanAbove = (total - belowSum) / above
    const spread = below * above * (meanBelow - meanAbove) ** 2
    if (spread > best.spread) best = { threshold: value, spread, lighter: above }
  }
  return { threshold: best.threshold, light: best.lighter * 2 <= grey.length }
}
