import { type MessagePort, parentPort } from 'node:worker_threads'
import type { WorkerReply } from '../../media/request-worker'
import { lineImage } from './line-image'
import { findTextLines, sameLine, type Box, type TextLine } from './text-lines'

// Started by line-finder.ts: finds a frame's lines of text, tells which are the previous frame's unchanged, and
// draws each for Tesseract, off the thread that reads ffmpeg's output (about 50–100 ms a 1080p frame).

/** A grey frame to look at; frames come in order, each compared with the one before. */
export interface LinesRequest {
  data: Uint8Array
  width: number
  height: number
}

/**
 * A line found, drawn for Tesseract, with the index of the same line on the previous frame (null when it is new or
 * changed): an unchanged line keeps its reading unless that reading was poor, then its drawing is read again.
 */
export type FoundLine = { box: Box; sameAs: number | null; pgm: Uint8Array; scale: number; margin: number }

/** The lines of a frame. */
export interface LinesAnswer {
  lines: FoundLine[]
}

if (!parentPort) throw new Error('text-lines-worker.ts runs only as a worker thread')
const port: MessagePort = parentPort
let previous: TextLine[] = []

port.on('message', ({ id, data, width, height }: LinesRequest & { id: number }) => {
  try {
    const lines = findTextLines({ width, height, data })
    const found = lines.map((line): FoundLine => {
      const sameAs = previous.findIndex((seen) => sameLine(seen, line))
      const { pgm, scale, margin } = lineImage(line)
      return { box: line.box, sameAs: sameAs >= 0 ? sameAs : null, pgm: new Uint8Array(pgm), scale, margin }
    })
    previous = lines
    const buffers = found.map((line) => line.pgm.buffer as ArrayBuffer)
    port.postMessage({ id, lines: found } satisfies WorkerReply<LinesAnswer>, buffers)
  } catch (error) {
    port.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies WorkerReply<LinesAnswer>)
  }
})
