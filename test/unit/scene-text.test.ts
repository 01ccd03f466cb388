import { describe, expect, it } from 'vitest'
import { sharpS, stripImage, withAccents } from '../../main/pipelines/text/accent-marks'
import { decodeLine, lineWords, recognitionInput, type ModelWord } from '../../main/pipelines/text/region-reading'
import { SceneReading } from '../../main/pipelines/text/scene-lines'
import type { SceneTextModels } from '../../main/pipelines/text/scene-text-models'
import type { FrameWord } from '../../main/pipelines/text/tesseract-tsv'
import { regionBox, textRegions, type RgbImage } from '../../main/pipelines/text/text-regions'

// Issue 62: the pure parts of the scene-text reader, the models' pre- and post-processing and what the reader
// decides about lines (models replaced by stand-ins that answer as told).

/** A belief map `width` × `height` with 1 inside a rectangle `length` × `thickness` turned `degrees` round (cx, cy). */
function turnedBeliefs(
  width: number,
  height: number,
  rectangle: { cx: number; cy: number; length: number; thickness: number; degrees: number },
) {
  const beliefs = new Float32Array(width * height)
  const angle = (rectangle.degrees * Math.PI) / 180
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - rectangle.cx
      const dy = y + 0.5 - rectangle.cy
      const along = dx * Math.cos(angle) + dy * Math.sin(angle)
      const across = -dx * Math.sin(angle) + dy * Math.cos(angle)
      if (Math.abs(along) <= rectangle.length / 2 && Math.abs(across) <= rectangle.thickness / 2)
        beliefs[y * width + x] = 0.9
    }
  }
  return beliefs
}

const word = (text: string): FrameWord => ({ text, confidence: 90, box: { x: 0, y: 0, width: 1, height: 1 } })
/** A word as the model reads it, each letter at 95 unless `letters` says otherwise. */
const modelWord = (text: string, letters = [...text].map(() => 95)): ModelWord => ({ ...word(text), letters })

describe('text regions (the detector’s map)', () => {
  it('finds a line turned 12° with its turn, centre and length, scaled to the frame and grown back as DB shrank it', () => {
    const beliefs = turnedBeliefs(320, 160, { cx: 160, cy: 80, length: 200, thickness: 16, degrees: 12 })
    const [region, ...rest] = textRegions(beliefs, 320, 160, 640, 320)
    expect(rest).toEqual([])
    expect((region!.angle * 180) / Math.PI).toBeCloseTo(12, 0)
    expect(region!.centreX).toBeCloseTo(320, -1)
    expect(region!.centreY).toBeCloseTo(160, -1)
    // 200 × 16 grown by 200·16·1.5 / (2·216) ≈ 11 on each side, then doubled to the frame's scale.
    expect(region!.width).toBeGreaterThan(2 * 215)
    expect(region!.width).toBeLessThan(2 * 230)
    expect(region!.height).toBeGreaterThan(2 * 32)
    const box = regionBox(region!, 640, 320)
    expect(box.height).toBeGreaterThan(region!.height + 60)
  })

  it('leaves out specks and pieces the model is unsure of', () => {
    const beliefs = new Float32Array(100 * 100)
    beliefs.fill(0.9, 0, 3)
    for (let y = 40; y < 60; y++) beliefs.fill(0.4, y * 100 + 10, y * 100 + 90)
    expect(textRegions(beliefs, 100, 100, 100, 100)).toEqual([])
  })
})

describe('reading a region', () => {
  it('collapses CTC’s repeats and blanks into characters, with the step each was read at', () => {
    const characters = ['a', 'b', ' ']
    // Steps: a a _ a b _ ' ' b — the blank between the two a's keeps them two letters.
    const best = [1, 1, 0, 1, 2, 0, 3, 2]
    const probabilities = new Float32Array(best.length * 4)
    best.forEach((index, step) => {
      probabilities.fill(0.1, step * 4, step * 4 + 4)
      probabilities[step * 4 + index] = 0.7
    })
    const read = decodeLine(probabilities, best.length, 4, characters)
    expect(read.map((character) => character.text).join('')).toBe('aab b')
    expect(read.map((character) => character.step)).toEqual([0, 3, 4, 6, 7])
  })

  it('splits a line into words at its spaces, each box over its own steps', () => {
    const region = { centreX: 100, centreY: 50, width: 200, height: 20, angle: 0, score: 1 }
    const read = [
      { text: 'a', step: 0, probability: 0.9 },
      { text: 'b', step: 1, probability: 0.7 },
      { text: ' ', step: 4, probability: 1 },
      { text: 'c', step: 7, probability: 1 },
    ]
    const words = lineWords(read, 10, region)
    expect(words.map((found) => [found.text, found.confidence])).toEqual([
      ['ab', 80],
      ['c', 100],
    ])
    expect(words[0]!.box).toEqual({ x: 0, y: 40, width: 60, height: 20 })
    expect(words[1]!.box).toEqual({ x: 120, y: 40, width: 80, height: 20 })
  })

  it('draws a turned region upright at the recogniser’s height', () => {
    // A frame dark left of x = 50, light right of it; a region across that edge reads dark then light.
    const frame: RgbImage = { width: 100, height: 40, data: new Uint8Array(100 * 40 * 3) }
    for (let y = 0; y < 40; y++) frame.data.fill(250, (y * 100 + 50) * 3, (y * 100 + 100) * 3)
    const strip = recognitionInput(frame, { centreX: 50, centreY: 20, width: 80, height: 16, angle: 0.1, score: 1 })
    expect(strip.height).toBe(48)
    expect(strip.width).toBe(240)
    const middle = 24 * strip.width
    expect(strip.grey[middle + 5]).toBeLessThan(10)
    expect(strip.grey[middle + 235]).toBeGreaterThan(240)
    expect(strip.data[middle + 5]).toBeCloseTo(-1, 1)
  })
})

describe('accents from a second reading', () => {
  it('takes only the marks from Tesseract’s reading, where the bare letters agree', () => {
    const model = ['zurich', 'StraBe', 'Nandu', '$19.99'].map((text) => modelWord(text))
    const marked = withAccents(model, ['Zürich', 'Straße', 'Nandú', '$19.90'].map(word))
    expect(marked.map((found) => found.text)).toEqual(['zürich', 'Straße', 'Nandú', '$19.99'])
    // Tesseract misreading a letter does not change the model's.
    expect(withAccents([modelWord('Nandu')], ['Nomdú'].map(word)).map((found) => found.text)).toEqual(['Nandú'])
    // A reading without marks leaves the model's words as they were, without their letters' confidences.
    expect(withAccents([modelWord('zurich'), modelWord('Nandu')], ['zurich'].map(word))).toEqual(
      ['zurich', 'Nandu'].map(word),
    )
    // The model's B inside lower case is ß, unless Tesseract read a B there too.
    expect(
      withAccents([modelWord('StraBe'), modelWord('Fu')], ['Strale'].map(word)).map((found) => found.text),
    ).toEqual(['Straße', 'Fu'])
    expect(withAccents([modelWord('McBride')], ['McBride'].map(word)).map((found) => found.text)).toEqual(['McBride'])
  })

  it('takes Tesseract’s marked letter in place of one the model was unsure of, and only a marked one', () => {
    const unsure = modelWord('Brtlée', [100, 100, 55, 100, 68, 100])
    expect(withAccents([unsure], ['Brûlée'].map(word))).toEqual([word('Brûlée')])
    // Sure of its t, the model keeps it; unsure, it keeps it against a bare letter of Tesseract's too.
    expect(withAccents([modelWord('Brtlée')], ['Brûlée'].map(word))[0]!.text).toBe('Brtlée')
    expect(withAccents([unsure], ['Bralée'].map(word))[0]!.text).toBe('Brtlée')
  })

  it('reads a Greek β between Latin letters as ß', () => {
    expect(sharpS(word('Straβe')).text).toBe('Straße')
    expect(sharpS(word('β-Carotin')).text).toBe('β-Carotin')
  })

  it('draws a light-on-dark strip dark on light for Tesseract', () => {
    const grey = new Uint8Array(10 * 4).fill(20)
    grey.fill(230, 20, 30)
    const image = stripImage(grey, 10, 4)
    const header = 'P5\n35 26\n255\n'
    expect(image.subarray(0, header.length).toString()).toBe(header)
    const pixels = image.subarray(header.length)
    expect(pixels[0]).toBe(235)
    // Row 3 of the strip (enlarged ×1.5: row 4 of the image, after a margin of 10) is its text row, now dark.
    expect(pixels[(10 + 4) * 35 + 10]).toBe(25)
  })

  it('draws an outline’s halo, lighter than the background, as background', () => {
    // Grey 120 around a dark letter row (20) with a white halo (250) at its ends and on the row above.
    const grey = new Uint8Array(10 * 4).fill(120)
    grey.fill(250, 10, 20)
    grey.fill(250, 20, 30).fill(20, 22, 28)
    const pixels = stripImage(grey, 10, 4).subarray('P5\n35 26\n255\n'.length)
    // Enlarged ×1.5 after a margin of 10: image row 4 is strip row 2, image row 2 strip row 1.
    expect(pixels[(10 + 4) * 35 + 10 + 4]).toBe(20)
    expect(pixels[(10 + 4) * 35 + 10]).toBe(120)
    expect(pixels[(10 + 2) * 35 + 10 + 4]).toBe(120)
  })
})

/** Models that find one line where told and read it as told, counting their readings. */
function standInModels(readings: string[]): SceneTextModels & { reads: number; detections: number } {
  const characters = [...new Set(readings.join('').split(''))]
  const models = {
    reads: 0,
    detections: 0,
    characters,
    detect: (_input: Float32Array, width: number, height: number) =>
      Promise.resolve(models.detections++).then(() =>
        turnedBeliefs(width, height, { cx: width / 2, cy: height / 2, length: width / 2, thickness: 12, degrees: 0 }),
      ),
    recognize: () => {
      const text = readings[Math.min(models.reads++, readings.length - 1)]!
      const classes = characters.length + 1
      const probabilities = new Float32Array(text.length * 2 * classes)
      ;[...text].forEach(
        (letter, index) => (probabilities[2 * index * classes + characters.indexOf(letter) + 1] = 0.99),
      )
      return Promise.resolve({ probabilities, steps: text.length * 2, classes })
    },
  }
  return models
}

function titleFrame(): RgbImage {
  const frame: RgbImage = { width: 320, height: 160, data: new Uint8Array(320 * 160 * 3).fill(255) }
  for (let y = 74; y < 86; y++)
    for (let x = 100; x < 220; x += 3) frame.data.fill(0, (y * 320 + x) * 3, (y * 320 + x + 1) * 3)
  return frame
}

describe('a reading of frames', () => {
  it('reads a line once while it stays the same, and again when it changes', async () => {
    const models = standInModels(['ACME'])
    const reading = new SceneReading(models, 60)
    const first = await reading.lines(titleFrame())
    expect(first.map((line) => line.sameAs)).toEqual([null])
    // The same picture: its lines stand without being looked for again.
    expect((await reading.lines(titleFrame())).map((line) => line.sameAs)).toEqual([0])
    expect(models.detections).toBe(1)
    // The picture moves away from the line (footage behind a title): looked for again, not read again.
    const moved = titleFrame()
    moved.data.fill(90, 0, 320 * 30 * 3)
    expect((await reading.lines(moved)).map((line) => line.sameAs)).toEqual([0])
    expect(models.detections).toBe(2)
    const changed = titleFrame()
    for (let y = 74; y < 86; y++) changed.data.fill(0, (y * 320 + 100) * 3, (y * 320 + 160) * 3)
    expect((await reading.lines(changed)).map((line) => line.sameAs)).toEqual([null])
    expect(models.reads).toBe(2)
  })

  it('reads every line of every frame anew when told not to keep unchanged ones', async () => {
    const models = standInModels(['ACME'])
    const reading = new SceneReading(models, 60, false)
    for (let frame = 0; frame < 3; frame++) await reading.lines(titleFrame())
    expect([models.detections, models.reads]).toEqual([3, 3])
  })

  // Issue 62 point 4: a misreading (no word kept) does not stand for the rest of the line's life.
  it('reads an unchanged line again when none of its words was kept', async () => {
    const models = standInModels(['~=', 'ACME'])
    const reading = new SceneReading(models, 60)
    const texts = async () =>
      (await reading.lines(titleFrame())).map((line) =>
        line.sameAs === null ? line.words.map((found) => found.text) : line.sameAs,
      )
    expect(await texts()).toEqual([['~=']])
    expect(await texts()).toEqual([['ACME']])
    expect(await texts()).toEqual([0])
    expect(models.reads).toBe(2)
  })
})
