import { type MessagePort, parentPort } from 'node:worker_threads'
import type { WorkerReply } from '../../media/request-worker'
import { SceneReading, type SceneLine } from './scene-lines'
import { loadSceneTextModels, type SceneTextModels } from './scene-text-models'

// Started once a process by scene-text-finder.ts: the lines of text on each frame (scene-lines.ts), off the thread
// that reads ffmpeg's output. The models load once, on the first frame.

/** An RGB frame of a reading; frames of one reading come in order, each compared with the one before. */
export interface SceneTextRequest {
  /** Which reading the frame is of (several may be under way at once); `end` forgets it. */
  reading: number
  end?: true
  data?: Uint8Array
  width?: number
  height?: number
  /** The text stage's least confidence: an unchanged line none of whose words reached it is read again. */
  minConfidence: number
  /** Threads the models may use (given by the first request). */
  threads: number
  /** False: every line of every frame read anew. */
  reuseUnchanged: boolean
}

export interface SceneTextAnswer {
  lines: SceneLine[]
}

if (!parentPort) throw new Error('scene-text-worker.ts runs only as a worker thread')
const port: MessagePort = parentPort
const readings = new Map<number, SceneReading>()
let models: Promise<SceneTextModels> | undefined
// Frames are answered one at a time, in the order they came: each is compared with the one before it.
let queue: Promise<unknown> = Promise.resolve()

port.on('message', (request: SceneTextRequest & { id: number }) => {
  const answer = queue.then(() => linesOf(request))
  queue = answer.catch(() => {})
  answer.then(
    (lines) => port.postMessage({ id: request.id, lines } satisfies WorkerReply<SceneTextAnswer>),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply<SceneTextAnswer>),
  )
})

async function linesOf(request: SceneTextRequest): Promise<SceneLine[]> {
  if (request.end) {
    readings.delete(request.reading)
    return []
  }
  models ??= loadSceneTextModels(request.threads)
  const loaded = await models.catch((error: unknown) => {
    models = undefined
    throw error
  })
  let reading = readings.get(request.reading)
  if (!reading)
    readings.set(request.reading, (reading = new SceneReading(loaded, request.minConfidence, request.reuseUnchanged)))
  return reading.lines({ data: request.data!, width: request.width!, height: request.height! })
}
