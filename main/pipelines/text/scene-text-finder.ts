import { startRequestWorker, type RequestWorker } from '../../media/request-worker'
import type { SceneLine } from './scene-lines'
import type { SceneTextAnswer, SceneTextRequest } from './scene-text-worker'

/** Finding and reading lines of text on the frames of one reading; `close` forgets its previous frame. */
export interface SceneTextFinder {
  /** The frame's lines, each the previous frame's unchanged (by index) or read anew. */
  find(data: Uint8Array, width: number, height: number): Promise<SceneLine[]>
  close(): Promise<void>
}

// One worker a process holds the models (loading them costs a quarter second and 100 MB): readings share it, each
// frame answered in the order sent. A worker that stopped (it failed) is started again by the next reading.
let shared: RequestWorker<SceneTextRequest, SceneTextAnswer> | undefined
let readings = 0

/** Starts a reading on the process's scene-text worker; its models use `threads` threads (fixed by the first). */
export function startSceneTextFinder(options: {
  minConfidence: number
  threads: number
  reuseUnchanged: boolean
}): SceneTextFinder {
  if (!shared || shared.stopped) {
    shared = startRequestWorker<SceneTextRequest, SceneTextAnswer>(
      '../pipelines/text/scene-text-worker',
      'Reading text',
    )
    shared.unrefWhenIdle()
  }
  const worker = shared
  const reading = readings++
  return {
    async find(data, width, height) {
      // A copy of its own, moved to the worker: the reader's buffer holds the next frame soon.
      const own = new Uint8Array(data)
      const request = { reading, data: own, width, height, ...options }
      return (await worker.ask(request, [own.buffer as ArrayBuffer])).lines
    },
    async close() {
      if (!worker.stopped) await worker.ask({ reading, end: true, ...options }, []).catch(() => {})
    },
  }
}
