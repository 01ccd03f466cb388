import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import type { TextStageConfig } from '../../../shared/pipeline-stage-configs'
import { rgbFrames } from '../../similar/frame-hashes'
import { samplingFilter, type FrameSampling } from '../timeline-frames'
import { asFrameWord, sharpS, stripImage, withAccents } from './accent-marks'
import { readLineImages } from './frame-text'
import { isKeptWord } from './kept-words'
import { LINE_HEIGHT } from './region-reading'
import { startSceneTextFinder } from './scene-text-finder'
import type { SceneLine } from './scene-lines'
import type { FrameWord } from './tesseract-tsv'
import { boxArea, boxOverlap, type Box } from './text-regions'

/** What readScreenText reads and with what. */
export interface ScreenTextRequest {
  ffmpeg: string
  tesseract: string
  source: string
  /** The timeline's rate and how it picked its frames: frame n of the pass is the timeline's frame n. */
  fps: number
  sampling?: FrameSampling
  /** The sequences to read (dedupe's kept frames); the others are decoded and passed over. */
  sequences: Set<number>
  config: TextStageConfig
  /** A folder of its own for Tesseract's inputs. */
  scratch: string
  /** Threads of the models, and Tesseract processes at once. */
  concurrency: number
  signal: AbortSignal
  onFrame?: (sequence: number) => void
  /** False reads every line of every frame anew (for the bench); unchanged lines keep their reading by default. */
  reuseUnchangedLines?: boolean
}

// Frames are read at up to this longest side: the detector looks at them at half that (scene-text-worker.ts), the
// recogniser reads each line at this size.
const READ_SIDE = 1920

/**
 * The words on screen in each frame asked for, by sequence: one ffmpeg pass decodes the video at the timeline's
 * rate; on each frame asked for, PP-OCR's models find the lines of text and read each new or changed one
 * (scene-text-worker.ts), and Tesseract reads the same lines again for the accents the model cannot read
 * (accent-marks.ts). An unchanged line keeps its earlier reading unless none of its words was kept. Where two
 * lines overlap the better reading stays. Words are in reading order, boxes in the frame as read (longest side at
 * most READ_SIDE), noise dropped (kept-words.ts).
 */
export async function readScreenText(request: ScreenTextRequest): Promise<Map<number, FrameWord[]>> {
  const { fps, sequences, config, signal } = request
  const scale = `scale=w='if(gte(iw,ih),min(${READ_SIDE},iw),-2)':h='if(gte(iw,ih),-2,min(${READ_SIDE},ih))'`
  const sample = samplingFilter(fps, request.sampling)
  const args = ['-i', request.source, '-map', '0:v:0', '-vf', `${sample},${scale},format=rgb24,showinfo=checksum=0`]
  const reader = new BatchReader(request)
  const finder = startSceneTextFinder({
    minConfidence: config.min_confidence,
    threads: request.concurrency,
    reuseUnchanged: request.reuseUnchangedLines ?? true,
  })
  const found = new Map<number, Promise<FrameWord[]>>()
  const marksOf = new Map<string, Promise<FrameWord[]>>()
  let previous: ReadLine[] = []
  let sequence = -1
  try {
    for await (const frame of rgbFrames(request.ffmpeg, [...args, '-vsync', '0'], signal, 3)) {
      sequence++
      if (!sequences.has(sequence)) continue
      const lines = await finder.find(frame.data, frame.width, frame.height)
      const current = lines.map((line) => ({
        box: line.box,
        words: line.sameAs === null ? withMarks(line, reader, marksOf) : previous[line.sameAs]!.words,
      }))
      previous = current
      const at = sequence
      const words = Promise.all(current.map((read) => read.words)).then((words) => {
        request.onFrame?.(at)
        const best = bestReadings(
          current.map((read, index) => ({ box: read.box, words: words[index]! })),
          config,
        )
        return best.map((word) => (reachesEdge(word.box, frame) ? { ...word, cut: true as const } : word))
      })
      // Awaited below; until then (and for good when the pass fails first) a failed read is not an unhandled rejection.
      words.catch(() => {})
      found.set(sequence, words)
      await reader.flushWhenFull()
    }
    await reader.flush()
    const all = await Promise.all(found.values())
    return new Map([...found.keys()].map((key, index) => [key, all[index]!]))
  } catch (error) {
    // Batches under way end (their files removed) before the failure is told.
    await reader.settled()
    throw error
  } finally {
    await finder.close()
  }
}

// Letters that have marked forms in Latin-script languages: a line without any is not read a second time.
const MARKABLE = /[AaCcEeIiNnOoSsUuYyZzB]/

/**
 * A fresh line's words with the marks Tesseract reads on it (the model's words alone when it has no markable
 * letter). Tesseract reads a text the model read once a video: a line that moves (credits, a ticker) or comes back
 * is read anew by the model on each frame, and takes the marks its first reading found (`marksOf`, by text).
 */
function withMarks(
  line: SceneLine & { sameAs: null },
  reader: BatchReader,
  marksOf: Map<string, Promise<FrameWord[]>>,
): Promise<FrameWord[]> {
  const words = line.words.map(sharpS)
  if (!words.some((word) => MARKABLE.test(word.text))) return Promise.resolve(words.map(asFrameWord))
  const text = words.map((word) => word.text).join(' ')
  let marked = marksOf.get(text)
  if (!marked) {
    marked = reader.read(stripImage(line.strip, line.stripWidth, LINE_HEIGHT))
    marksOf.set(text, marked)
  }
  return marked.then((tesseract) => withAccents(words, tesseract))
}

// A word is taken as cut by the frame's edge when its box comes within a quarter of its height of it: a cut that
// falls between two letters leaves the last one whole, a letter gap short of the edge ("Parliamen|tary" ends 4 px
// before the edge of a 72 px word); titles keep far more room than that (the title-safe area is a tenth).
const EDGE_SHARE = 0.25

/** Whether a word's box reaches the edge of its frame (see EDGE_SHARE). */
function reachesEdge(box: Box, frame: { width: number; height: number }): boolean {
  const near = Math.max(2, box.height * EDGE_SHARE)
  return (
    box.x <= near ||
    box.y <= near ||
    box.x + box.width >= frame.width - near ||
    box.y + box.height >= frame.height - near
  )
}

// Starting Tesseract costs about 0.25 s of CPU (a second with Latin-script data), reading a line about 0.03 s: lines
// wait for a batch this big.
const BATCH_LINES = 16

/** Line images queued for Tesseract and read in batches, at most `concurrency` batches at once. */
class BatchReader {
  private queued: { image: Buffer; resolve(words: FrameWord[]): void; reject(error: unknown): void }[] = []
  private readonly reads = new Set<Promise<unknown>>()
  private batches = 0

  constructor(private readonly request: ScreenTextRequest) {}

  /** The words Tesseract reads on a line image, once its batch is read. */
  read(image: Buffer): Promise<FrameWord[]> {
    return new Promise<FrameWord[]>((resolve, reject) => this.queued.push({ image, resolve, reject }))
  }

  async flushWhenFull(): Promise<void> {
    if (this.queued.length >= BATCH_LINES) await this.flush()
  }

  /** Starts reading what is queued, once fewer than `concurrency` batches are being read. */
  async flush(): Promise<void> {
    while (this.reads.size >= this.request.concurrency) await Promise.race(this.reads)
    const batch = this.queued.splice(0)
    if (batch.length === 0) return
    const read = readImages(
      batch.map((entry) => entry.image),
      this.request,
      `batch-${this.batches++}-`,
    ).then(
      (pages) => batch.forEach((entry, index) => entry.resolve(pages[index]!)),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    )
    this.reads.add(read)
    void read.finally(() => this.reads.delete(read))
  }

  /** Once every batch under way has ended (its files removed). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.reads)
  }
}

interface ReadLine {
  box: Box
  words: Promise<FrameWord[]>
}

/** The words Tesseract reads on each line image; the files it read are removed. */
async function readImages(images: Buffer[], request: ScreenTextRequest, prefix: string): Promise<FrameWord[][]> {
  const folder = await mkdtemp(path.join(request.scratch, prefix))
  try {
    return await readLineImages(images, request.config, {
      folder,
      signal: request.signal,
      tesseract: request.tesseract,
    })
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/**
 * The kept words of a frame's lines, top to bottom, left to right; of lines that overlap by half the smaller
 * one, only the one whose kept words weigh more (characters times confidence).
 */
function bestReadings(readings: { box: Box; words: FrameWord[] }[], config: TextStageConfig): FrameWord[] {
  const scored = readings.map(({ box, words }) => {
    const kept = words.filter((word) => isKeptWord(word, config))
    return { box, kept, weight: kept.reduce((sum, word) => sum + word.text.length * word.confidence, 0) }
  })
  const chosen = scored.filter(
    (reading) =>
      reading.kept.length > 0 &&
      !scored.some(
        (other) =>
          other !== reading &&
          (other.weight > reading.weight ||
            (other.weight === reading.weight && scored.indexOf(other) < scored.indexOf(reading))) &&
          boxOverlap(other.box, reading.box) >= 0.5 * Math.min(boxArea(other.box), boxArea(reading.box)),
      ),
  )
  return chosen.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x).flatMap((reading) => reading.kept)
}
