import { type MessagePort, parentPort } from 'node:worker_threads'
import type { WorkerReply } from '../media/request-worker'
import { pdqHash } from '../similar/pdq-hash'

// Started by pdq-hasher.ts: hashes frames off the thread that reads ffmpeg's output, so reading never waits on
// hashing and ffmpeg never waits on a full pipe.

/** A frame to hash: packed RGB pixels. */
export interface PdqRequest {
  data: Uint8Array
  width: number
  height: number
}

/** The hash (32 bytes) and quality of a frame. */
export interface PdqAnswer {
  hash: Uint8Array
  quality: number
}

if (!parentPort) throw new Error('pdq-worker.ts runs only as a worker thread')
const port: MessagePort = parentPort

port.on('message', ({ id, data, width, height }: PdqRequest & { id: number }) => {
  try {
    const { hash, quality } = pdqHash({ data, width, height, channels: 3 })
    port.postMessage({ id, hash, quality } satisfies WorkerReply<PdqAnswer>)
  } catch (error) {
    port.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies WorkerReply<PdqAnswer>)
  }
})
