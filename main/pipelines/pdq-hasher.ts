import { Worker } from 'node:worker_threads'
import { workerScript } from '../media/worker-script'
import type { PdqResult } from '../similar/pdq-hash'
import type { PdqReply, PdqRequest } from './pdq-worker'

/** PDQ hashing on a worker thread of its own; `close` ends it (answers still owed then reject). */
export interface PdqHasher {
  hash(data: Uint8Array, width: number, height: number): Promise<PdqResult>
  close(): Promise<void>
}

/** Starts a hasher: frames are copied to the worker and hashed there in the order sent. */
export function startPdqHasher(): PdqHasher {
  const script = workerScript('../pipelines/pdq-worker')
  const worker = new Worker(script.url, { execArgv: script.execArgv })
  const pending = new Map<number, { resolve(result: PdqResult): void; reject(error: Error): void }>()
  let nextId = 0
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }
  worker.on('error', (error) => failAll(new Error(`Frame hashing failed: ${error.message}`)))
  worker.on('exit', () => failAll(new Error('Frame hashing stopped')))
  worker.on('message', (reply: PdqReply) => {
    const waiting = pending.get(reply.id)
    if (!waiting) return
    pending.delete(reply.id)
    if ('error' in reply) waiting.reject(new Error(reply.error))
    else waiting.resolve({ hash: reply.hash, quality: reply.quality })
  })
  return {
    hash(data, width, height) {
      const id = nextId++
      // A copy of its own, moved to the worker (a Buffer's slice would share the reader's memory, which may hold more).
      const own = new Uint8Array(data)
      return new Promise<PdqResult>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, data: own, width, height } satisfies PdqRequest, [own.buffer as ArrayBuffer])
      })
    },
    close: async () => {
      await worker.terminate()
    },
  }
}
