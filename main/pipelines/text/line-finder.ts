import { Worker } from 'node:worker_threads'
import { workerScript } from '../../media/worker-script'
import type { FoundLine, LinesReply, LinesRequest } from './text-lines-worker'

/** Finding lines of text on a worker thread of its own; `close` ends it (answers still owed then reject). */
export interface LineFinder {
  /** The frame's lines, each the previous frame's unchanged (by index) or drawn for Tesseract. */
  find(data: Uint8Array, width: number, height: number): Promise<FoundLine[]>
  close(): Promise<void>
}

/** Starts a finder: frames are copied to the worker and looked at there in the order sent. */
export function startLineFinder(): LineFinder {
  const script = workerScript('../pipelines/text/text-lines-worker')
  const worker = new Worker(script.url, { execArgv: script.execArgv })
  const pending = new Map<number, { resolve(lines: FoundLine[]): void; reject(error: Error): void }>()
  let nextId = 0
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }
  worker.on('error', (error) => failAll(new Error(`Finding text failed: ${error.message}`)))
  worker.on('exit', () => failAll(new Error('Finding text stopped')))
  worker.on('message', (reply: LinesReply) => {
    const waiting = pending.get(reply.id)
    if (!waiting) return
    pending.delete(reply.id)
    if ('error' in reply) waiting.reject(new Error(reply.error))
    else waiting.resolve(reply.lines)
  })
  return {
    find(data, width, height) {
      const id = nextId++
      // A copy of its own, moved to the worker: the reader's buffer holds the next frame soon.
      const own = new Uint8Array(data)
      return new Promise<FoundLine[]>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, data: own, width, height } satisfies LinesRequest, [own.buffer as ArrayBuffer])
      })
    },
    close: async () => {
      await worker.terminate()
    },
  }
}
