import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFrameText } from '../../main/pipelines/text/frame-text'
import { matchTerms } from '../../main/pipelines/text/match-terms'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool, ToolError } from '../../main/media/tool-io'
import { AppError } from '../../shared/errors'
import { createLimiter } from '../../shared/limiter'
import { MatchStageConfig, TextStageConfig } from '../../shared/pipeline-stage-configs'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { tempDir } from '../helpers/temp-dir'

// Issue 19: the text and match stages on real Tesseract and ffmpeg output.
const FPS = 2
const defaults = TextStageConfig.parse({})

/** The clip's frames at FPS as JPEGs, with their times: frame n (from 0) shows the picture at n / FPS seconds. */
async function framesOf(clip: string, dir: string): Promise<{ file: string; timestamp: number }[]> {
  // -q:v 4 is about JPEG quality 85: this ffmpeg's mjpeg quantises with MPEG-1's intra matrix × q / 8, whose
  // mean step at q 4 (16.3) is that of libjpeg's quality-85 luma table (17.3).
  await runTool(resolveMediaTools().ffmpeg, [
    '-v',
    'error',
    '-i',
    clip,
    '-vf',
    `fps=${FPS}`,
    '-q:v',
    '4',
    `${dir}/frame-%03d.jpg`,
  ])
  // 8 s at 2 fps: ffmpeg's fps filter writes 16 frames, at 0, 0.5, … 7.5 s.
  return Array.from({ length: 16 }, (_, n) => ({
    file: path.join(dir, `frame-${String(n + 1).padStart(3, '0')}.jpg`),
    timestamp: n / FPS,
  }))
}

describe('the text stage (Tesseract)', () => {
  it('reads a word on screen from 3 s to 5 s, and match places it there within a frame interval', async () => {
    const dir = tempDir()
    const frames = await framesOf(writeWordClip(dir, { word: 'ACME', from: 3, to: 5, seconds: 8 }), dir)
    const limit = createLimiter(2)
    const read = await Promise.all(
      frames.map(({ file, timestamp }, sequence) =>
        limit(async () => ({ sequence, timestamp, words: await readFrameText(file, defaults) })),
      ),
    )

    const [detection, ...others] = matchTerms(read, MatchStageConfig.parse({ terms: ['ACME', 'nowhere'] }))
    expect(others).toEqual([])
    expect(detection!.term).toBe('ACME')
    expect(Math.abs(detection!.first_seen - 3)).toBeLessThanOrEqual(1 / FPS)
    expect(Math.abs(detection!.last_seen - 5)).toBeLessThanOrEqual(1 / FPS)
    expect(detection!.best_confidence).toBeGreaterThanOrEqual(defaults.min_confidence)
    // Every frame between first and last seen shows it.
    expect(detection!.frames).toEqual(
      read
        .filter((frame) => frame.timestamp >= detection!.first_seen && frame.timestamp <= detection!.last_seen)
        .map((frame) => frame.sequence),
    )

    // The word is centred on the 640x360 frame; the frames without it have no words at all (plain white).
    const [acme] = read[8]!.words
    expect(acme!.text).toBe('ACME')
    expect(Math.abs(acme!.box.x + acme!.box.width / 2 - 320)).toBeLessThan(10)
    expect(Math.abs(acme!.box.y + acme!.box.height / 2 - 180)).toBeLessThan(10)
    for (const frame of read.filter((frame) => frame.timestamp <= 2.5 || frame.timestamp >= 5.5)) {
      expect(frame.words).toEqual([])
    }
  })

  it('says in words to install tesseract-ocr when there is no Tesseract to run', async () => {
    const dir = tempDir()
    const [frame] = await framesOf(writeWordClip(dir, { seconds: 8 }), dir)
    const missing = path.join(dir, 'no-such-tesseract')
    const read = readFrameText(frame!.file, defaults, { tesseract: missing })
    await expect(read).rejects.toBeInstanceOf(AppError)
    await expect(read).rejects.toMatchObject({
      code: 'unsupported',
      message: `Tesseract is not installed (no ${missing} to run). Install Debian's tesseract-ocr (apt-get install tesseract-ocr), then run the pipeline again.`,
    })
  })

  it("names the Debian package of a language Tesseract has no data for, and passes on Tesseract's own errors", async () => {
    const dir = tempDir()
    const [frame] = await framesOf(writeWordClip(dir, { seconds: 8 }), dir)
    await expect(readFrameText(frame!.file, { ...defaults, lang: 'eng+chi_sim_x' })).rejects.toMatchObject({
      code: 'unsupported',
      message:
        'Tesseract has no data for chi_sim_x (lang "eng+chi_sim_x"): install Debian\'s tesseract-ocr-chi-sim-x (apt-get install tesseract-ocr-chi-sim-x), or choose another lang.',
    })
    // Not a picture: Tesseract reads such a file as a list of pictures, finds none, and exits with 1.
    const notPicture = path.join(dir, 'notes.jpg')
    writeFileSync(notPicture, 'not a picture\n')
    const failed = readFrameText(notPicture, defaults)
    await expect(failed).rejects.toBeInstanceOf(ToolError)
    await expect(failed).rejects.toThrow(/^tesseract exited with code 1: .*image file not found: not a picture/)
  })

  it('stops Tesseract when aborted', async () => {
    const dir = tempDir()
    const [frame] = await framesOf(writeWordClip(dir, { seconds: 8 }), dir)
    const controller = new AbortController()
    const read = readFrameText(frame!.file, defaults, { signal: controller.signal })
    controller.abort()
    await expect(read).rejects.toMatchObject({ name: 'AbortError' })
  })
})
