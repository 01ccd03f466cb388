import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLineImages } from '../../main/pipelines/text/frame-text'
import { matchTerms } from '../../main/pipelines/text/match-terms'
import { readScreenText, type ScreenTextRequest } from '../../main/pipelines/text/screen-text-reader'
import { resolveMediaTools } from '../../main/media/media-tools'
import { ToolError } from '../../main/media/tool-io'
import { AppError } from '../../shared/errors'
import { MatchStageConfig, TextStageConfig } from '../../shared/pipeline-stage-configs'
import { writeSubtitleClip, writeWordClip } from '../fixtures/on-screen-word-clip'
import { tempDir } from '../helpers/temp-dir'

// Issues 19 and 36: the text stage's reader and the match stage on real Tesseract and ffmpeg output.
const FPS = 2
const defaults = TextStageConfig.parse({})

/** Every frame of `source` at FPS (frame n shows n / FPS seconds) read by the text stage's reader. */
function readAll(source: string, frames: number, options: Partial<ScreenTextRequest> = {}) {
  return readScreenText({
    ffmpeg: resolveMediaTools().ffmpeg,
    tesseract: 'tesseract',
    source,
    fps: FPS,
    sequences: new Set(Array.from({ length: frames }, (_, sequence) => sequence)),
    config: defaults,
    scratch: tempDir(),
    concurrency: 2,
    signal: new AbortController().signal,
    ...options,
  })
}

function asFrames(read: Map<number, { text: string; confidence: number; box: object }[]>) {
  return [...read].map(([sequence, words]) => ({ sequence, timestamp: sequence / FPS, words: words as never }))
}

/** A one-line PGM: white, 40×20. */
const blankLine = Buffer.concat([Buffer.from('P5\n40 20\n255\n'), Buffer.alloc(800, 255)])

describe('the text stage (PP-OCR, Tesseract for the marks)', () => {
  it('reads a word on screen from 3 s up to 5 s, and match spans it 3–5 s', async () => {
    const read = await readAll(writeWordClip(tempDir(), { word: 'ACME', from: 3, to: 5, seconds: 8 }), 16)

    const detections = matchTerms(asFrames(read), MatchStageConfig.parse({ terms: ['ACME', 'nowhere'] }), 1 / FPS)
    expect(
      detections.map(({ term, first_seen, last_seen, frames }) => ({ term, first_seen, last_seen, frames })),
    ).toEqual([{ term: 'ACME', first_seen: 3, last_seen: 5, frames: [6, 7, 8, 9] }])
    // The word is centred on the 640x360 frame (read at its own size); the frames without it have no words at all.
    const [acme, ...rest] = read.get(8)!
    expect(rest).toEqual([])
    expect(acme!.text).toBe('ACME')
    expect(Math.abs(acme!.box.x + acme!.box.width / 2 - 320)).toBeLessThan(10)
    expect(Math.abs(acme!.box.y + acme!.box.height / 2 - 180)).toBeLessThan(10)
    for (const [sequence, words] of read) if (sequence < 6 || sequence > 9) expect(words).toEqual([])
  })

  // Issue 62 point 4: a word the frame's edge cuts ("Parliamentary" shown as far as "Parliam…") is marked, so the
  // index leaves it out; the whole word before it is not.
  it('marks a word the frame’s edge cuts, and only that one', async () => {
    const clip = writeWordClip(tempDir(), { word: 'Senate Parliamentary', from: 0, to: 2, seconds: 2, x: '40' })
    const words = (await readAll(clip, 4)).get(1)!
    expect(words.map((word) => word.text)[0]).toBe('Senate')
    expect(words[0]!.cut).toBeUndefined()
    expect(words.at(-1)!.text).toMatch(/^Parlia/)
    expect(words.at(-1)!.cut).toBe(true)
  })

  it('reads a line once while its glyphs stay the same', async () => {
    const dir = tempDir()
    // A Tesseract that notes the line images of each list it is given.
    const log = path.join(dir, 'lists.log')
    const tesseract = path.join(dir, 'noting-tesseract')
    writeFileSync(tesseract, `#!/bin/sh\ncat "$1" >> '${log}'\nexec tesseract "$@"\n`)
    chmodSync(tesseract, 0o755)
    const clip = writeWordClip(dir, { word: 'ACME', from: 1, to: 3, seconds: 6 })
    const read = await readAll(clip, 12, { tesseract })
    expect([...read.values()].filter((words) => words.some((word) => word.text === 'ACME'))).toHaveLength(4)
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1)
  })

  // Issue 62: a subtitle at 540p over fine moving detail. The stage before it (an MSER line finder and Tesseract)
  // read it whole in 1 of its 4 frames: "the lantern was", "(the lantern was" on the others.
  it('reads a 38 px yellow subtitle on a dark box at 540p in every frame it shows', { timeout: 120_000 }, async () => {
    const clip = writeSubtitleClip(tempDir(), { text: 'the lantern was lit', width: 960, height: 540, fractal: true })
    const read = await readAll(clip, 8)
    for (const [sequence, words] of read) {
      const texts = words.map((word) => word.text)
      if (sequence >= 2 && sequence <= 5) expect(texts, `frame ${sequence}`).toEqual(['the', 'lantern', 'was', 'lit'])
      else expect(texts, `frame ${sequence}`).toEqual([])
    }
  })

  it('reads words turned 12° on the frame, with boxes round them', async () => {
    const clip = writeWordClip(tempDir(), { word: 'Harvest Festival', from: 0, to: 2, seconds: 2, degrees: 12 })
    const words = (await readAll(clip, 4)).get(1)!
    expect(words.map((word) => word.text)).toEqual(['Harvest', 'Festival'])
    // Turned clockwise, the second word is lower on the frame than the first.
    const [first, second] = words.map((word) => word.box.y + word.box.height / 2)
    expect(second! - first!).toBeGreaterThan(20)
  })

  // Read from the filmstrip's 720 px frames with page mode 11 (the stage before issue 36), frame 4 missed it.
  it(
    'reads a yellow subtitle on a dark box over a moving picture in every frame it shows',
    { timeout: 120_000 },
    async () => {
      const clip = writeSubtitleClip(tempDir(), { text: 'the lantern was lit', from: 1, to: 3, seconds: 4 })
      const read = await readAll(clip, 8)

      for (const [sequence, words] of read) {
        const texts = words.map((word) => word.text)
        if (sequence >= 2 && sequence <= 5) expect(texts, `frame ${sequence}`).toEqual(['the', 'lantern', 'was', 'lit'])
        else expect(texts, `frame ${sequence}`).toEqual([])
      }
    },
  )

  it('says in words to install tesseract-ocr when there is no Tesseract to run', async () => {
    const missing = `${tempDir()}/no-such-tesseract`
    const read = readLineImages([blankLine], defaults, { folder: tempDir(), tesseract: missing })
    await expect(read).rejects.toBeInstanceOf(AppError)
    await expect(read).rejects.toMatchObject({
      code: 'unsupported',
      message: `Tesseract is not installed (no ${missing} to run). Install Debian's tesseract-ocr (apt-get install tesseract-ocr), then run the pipeline again.`,
    })
  })

  it("names the Debian package of a language Tesseract has no data for, and passes on Tesseract's own errors", async () => {
    await expect(
      readLineImages([blankLine], { ...defaults, lang: 'eng+chi_sim_x' }, { folder: tempDir() }),
    ).rejects.toMatchObject({
      code: 'unsupported',
      message:
        'Tesseract has no data for chi_sim_x (lang "eng+chi_sim_x"): install Debian\'s tesseract-ocr-chi-sim-x (apt-get install tesseract-ocr-chi-sim-x), or choose another lang.',
    })
    // Not a picture: Tesseract cannot read the list's only image and exits with 1.
    const failed = readLineImages([Buffer.from('not a picture\n')], defaults, { folder: tempDir() })
    await expect(failed).rejects.toBeInstanceOf(ToolError)
    await expect(failed).rejects.toThrow(/^tesseract exited with code 1: /)
  })

  it('stops ffmpeg and Tesseract when aborted, and leaves no files of its own behind', async () => {
    const scratch = tempDir()
    const controller = new AbortController()
    const read = readAll(writeWordClip(tempDir(), { seconds: 8 }), 16, {
      scratch,
      signal: controller.signal,
      onFrame: () => controller.abort(),
    })
    await expect(read).rejects.toMatchObject({ name: 'AbortError' })
    expect(readdirSync(scratch)).toEqual([])
  })
})
