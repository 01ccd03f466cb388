import { startRequestWorker } from '../../media/request-worker'
import type { FoundLine, LinesAnswer, LinesRequest } from './text-lines-worker'

/** Finding lines of text on a worker thread of its own; `close` ends it (answers still owed then reject). */
export interface LineFinder {
  /** The frame's lines, each the previous frame's unchanged (by index) or drawn for Tesseract. */
  find(data: Uint8Array, width: number, height: number): Promise<FoundLine[]>
  close(): Promise<void>
}

/** Starts a finder: frames are copied to the worker and looked at there in the order sent. */
export function startLineFinder(): LineFinder {
  const worker = startRequestWorker<LinesRequest, LinesAnswer>('../pipelines/text/text-lines-worker', 'Finding text')
  return {
    async find(data, width, height) {
      // A copy of its own, moved to the worker: the reader's buffer holds the next frame soon.
      const own = new Uint8Array(data)
      return (await worker.ask({ data: own, width, height }, [own.buffer as ArrayBuffer])).lines
    },
    close: () => worker.close(),
  }
}
